package dev.sitewatch.kda;

import dev.sitewatch.kda.io.KinesisConnectors;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How often the job's Kinesis source calls GetRecords on a quiet stream, counted on the wire by a forwarder in front
 * of kinesis-local: the connector's reader as it comes (interval 0) next to the paced one (the default), in one run.
 * Every consumer of a real stream shares 5 reads a second per shard; the order-archiver's mapping needs one.
 */
class SourcePollingIT {

    private static final String ORDERS = "website-orders";
    private static final int SHARDS = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration MEASURED = Duration.ofSeconds(5);

    @RegisterExtension
    static final KinesisEmulator kinesis = new KinesisEmulator(Map.of(ORDERS, SHARDS));

    @Test
    void aQuietShardIsReadAtMostOncePerIntervalAndALineStillComesAtOnce() throws Exception {
        double unpaced = readsPerShardAndSecond(0, false);
        double paced = readsPerShardAndSecond(KinesisConnectors.DEFAULT_GET_RECORDS_INTERVAL_MS, true);
        System.out.printf("GetRecords per shard and second on a quiet stream: connector as it comes %.1f,"
                + " paced at %d ms %.1f (%.1fx fewer)%n", unpaced, KinesisConnectors.DEFAULT_GET_RECORDS_INTERVAL_MS,
                paced, unpaced / paced);

        double limit = 1000.0 / KinesisConnectors.DEFAULT_GET_RECORDS_INTERVAL_MS;
        assertThat(paced).as("paced reads per shard and second").isLessThanOrEqualTo(limit * 1.05)
                .isGreaterThan(limit * 0.5);
        // with the archiver's one read a second, under the stream's five
        assertThat(paced + 1).isLessThan(5);
        assertThat(unpaced).as("the connector as it comes reads more often than Kinesis allows").isGreaterThan(5);
    }

    private double readsPerShardAndSecond(long intervalMs, boolean sendALine) throws Exception {
        try (CountingForwarder wire = new CountingForwarder(kinesis.endpoint(), "Kinesis_20131202.GetRecords")) {
            DetectorConfig config = DetectorConfig.fromProperties(LocalProperties.load(Map.of(
                    "endpoint", wire.endpoint(),
                    "InputStream0.flink.stream.initpos", "LATEST",
                    "InputStream0." + KinesisConnectors.GET_RECORDS_INTERVAL, String.valueOf(intervalMs))));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
            CollectingSink<RawRecord> lines = new CollectingSink<>();
            env.fromSource(KinesisConnectors.orders(config.input()), WatermarkStrategy.noWatermarks(), ORDERS,
                    TypeInformation.of(RawRecord.class)).sinkTo(lines);
            JobClient job = env.executeAsync("source polling " + intervalMs);
            try {
                await().atMost(PATIENCE).until(() -> job.getJobStatus().get() == JobStatus.RUNNING && wire.count() > 0);
                Thread.sleep(2_000); // both shards assigned and read
                long before = wire.count();
                long start = System.nanoTime();
                Thread.sleep(MEASURED.toMillis()); // the quiet spell being measured
                double rate = (wire.count() - before) / ((System.nanoTime() - start) / 1e9) / SHARDS;
                if (sendALine) {
                    kinesis.client().put(ORDERS, List.of("a line"));
                    await().atMost(Duration.ofSeconds(5)).until(() -> lines.values().size() == 1);
                }
                return rate;
            } finally {
                job.cancel().get();
            }
        }
    }
}
