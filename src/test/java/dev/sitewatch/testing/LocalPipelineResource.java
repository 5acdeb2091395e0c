package dev.sitewatch.testing;

import java.util.List;
import java.util.Map;

import dev.sitewatch.local.LocalPipeline;
import dev.sitewatch.local.ShopBackend;
import dev.sitewatch.local.emulator.NodeModules;

/**
 * Kinesis plus the pipeline around the app, as the local run starts it: the flood detector (kda/ on a MiniCluster)
 * at once, and on the test's call the log generator with one flood of a bot customer and some malformed lines,
 * bounded in time, and the Kinesis Agent stand-in shipping them (started by the test, so the traffic comes once the
 * app's functions are fed).
 */
public class LocalPipelineResource extends KinesisResource {

    /** The generator's flood comes from this customer. */
    public static final String BOT = "99999";
    static final List<String> GENERATOR_ARGS = List.of("--rate", "1", "--flood-start", "8", "--flood-duration", "20",
            "--flood-rate", "25", "--bot-customer", BOT, "--malformed-rate", "0.03", "--seed", "11", "--duration", "45",
            "--stats-every", "10");

    private static LocalPipeline pipeline;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        pipeline = LocalPipeline.startDetector(NodeModules.installed().root(),
                config.get("sitewatch.local.kinesis-endpoint"), List.of());
        return config;
    }

    @Override
    public void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        super.stop();
    }

    /** Starts the generator's traffic, shipped by the agent stand-in: 45 s, with the bot's flood from 8 s to 28 s. */
    public static ShopBackend startGenerator() {
        return pipeline.startGenerator(GENERATOR_ARGS);
    }
}
