package dev.sitewatch.testing;

import java.util.List;
import java.util.Map;

import dev.sitewatch.local.LocalPipeline;
import dev.sitewatch.local.emulator.NodeModules;

/**
 * Kinesis plus the pipeline around the app, as the local run starts it: the flood detector (kda/ on a MiniCluster)
 * and the log generator with one flood of a bot customer and some malformed lines, bounded in time.
 */
public class LocalPipelineResource extends KinesisResource {

    /** The generator's flood comes from this customer. */
    public static final String BOT = "99999";
    static final List<String> GENERATOR_ARGS = List.of("--rate", "1", "--flood-start", "8", "--flood-duration", "20",
            "--flood-rate", "25", "--bot-customer", BOT, "--malformed-rate", "0.03", "--seed", "11", "--duration", "60",
            "--stats-every", "10");

    private static LocalPipeline pipeline;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        pipeline = LocalPipeline.start(NodeModules.installed().root(), config.get("sitewatch.local.kinesis-endpoint"),
                List.of(), GENERATOR_ARGS);
        return config;
    }

    @Override
    public void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        super.stop();
    }

    public static LocalPipeline pipeline() {
        return pipeline;
    }
}
