package dev.sitewatch.testing;

import java.util.List;
import java.util.Map;

import dev.sitewatch.local.LocalPipeline;
import dev.sitewatch.local.emulator.NodeModules;

/**
 * Kinesis plus the flood detector (kda/ on a MiniCluster in its own JVM, as the local run starts it) with a short
 * window, so that a flood ends a few seconds after its burst and the latency bench can run many of them.
 */
public class LatencyBenchResource extends KinesisResource {

    /** Orders in the window that make a flood; the bench's bursts cross it, its trickle stays below. */
    public static final int THRESHOLD = 10;
    public static final int WINDOW_SECONDS = 2;

    private static LocalPipeline pipeline;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        pipeline = LocalPipeline.startDetector(NodeModules.installed().root(),
                config.get("sitewatch.local.kinesis-endpoint"),
                List.of("--Detector.order.threshold", String.valueOf(THRESHOLD),
                        "--Detector.window.seconds", String.valueOf(WINDOW_SECONDS),
                        "--Detector.customer.threshold", "1000"));
        return config;
    }

    @Override
    public void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        super.stop();
    }
}
