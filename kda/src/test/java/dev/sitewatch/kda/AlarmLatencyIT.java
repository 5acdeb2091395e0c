package dev.sitewatch.kda;

import dev.sitewatch.kda.CollectingSink.Received;
import dev.sitewatch.kda.io.KinesisConnectors;
import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.DeadLetter;
import dev.sitewatch.kda.model.FloodEnd;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.sitewatch.kda.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a flood's last order, with no traffic at all, its alarm, its throttled repeat and its end still come on
 * time: each within 1 s of when it is due. The real Kinesis source on the emulator, the job's graph from
 * {@link FloodDetectionJob#build}, and sinks that note the wall clock when they receive each record.
 */
class AlarmLatencyIT {

    private static final String ORDERS = "website-orders";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final long BUDGET_MS = 1_000;
    private static final long THROTTLE_MS = 3_000;

    @RegisterExtension
    static final KinesisEmulator kinesis = new KinesisEmulator(Map.of(ORDERS, 2));

    @Test
    void theAlarmItsThrottledRepeatAndTheFloodsEndComeOnTimeWithoutFurtherTraffic() throws Exception {
        DetectorConfig config = DetectorConfig.fromProperties(LocalProperties.load(Map.of(
                "endpoint", kinesis.endpoint(),
                "InputStream0.flink.stream.initpos", "TRIM_HORIZON",
                // Readers that register after the first shard discovery get their shards at the next one.
                "InputStream0.flink.shard.discovery.intervalmillis", "500",
                "Detector.window.seconds", "2",
                "Detector.throttle.seconds", String.valueOf(THROTTLE_MS / 1000),
                "Detector.order.threshold", "5")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        CollectingSink<Alarm> alarms = new CollectingSink<>();
        CollectingSink<FloodEnd> floodEnds = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        JobStreams streams = FloodDetectionJob.build(env, KinesisConnectors.orders(config.input()), alarms, config);
        streams.floodEnds().sinkTo(floodEnds);
        streams.deadLetters().sinkTo(deadLetters);

        JobClient job = env.executeAsync("alarm latency");
        try {
            await().atMost(PATIENCE).until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
            // Once a line on each shard has come through, both shards are read live.
            kinesis.client().putOnEveryShard(ORDERS, "not an order");
            await().atMost(PATIENCE).until(() -> deadLetters.values().size() == 2);

            // Burst 1 crosses the threshold of 5. Burst 2, a second later and inside the throttle interval, lifts
            // the count to 14: the throttled repeat reports it at first.windowEnd + 3 s. Burst 2 leaves the
            // window 2 s after it came; a window later the flood is over. Nothing is put after burst 2.
            kinesis.client().put(ORDERS, lines(6));
            Thread.sleep(1_000); // the second between the bursts, on purpose
            kinesis.client().put(ORDERS, lines(8));
            await().atMost(PATIENCE).until(() -> !floodEnds.values().isEmpty());

            List<Received<Alarm>> received = new ArrayList<>(alarms.received());
            received.sort(Comparator.comparing(r -> r.value().windowEnd()));
            assertThat(received).hasSize(2);
            Received<Alarm> first = received.get(0);
            Received<Alarm> repeat = received.get(1);
            assertThat(floodEnds.received()).hasSize(1);
            Received<FloodEnd> end = floodEnds.received().get(0);

            assertThat(first.value().orderCount()).isBetween(5, 6);
            assertThat(repeat.value().orderCount()).isEqualTo(14);
            assertThat(repeat.value().floodId()).isEqualTo(first.value().alarmId());
            // The repeat's peak came a second after the first alarm; it was raised at the throttle slot.
            assertThat(first.value().raisedAt()).isEqualTo(first.value().windowEnd());
            assertThat(repeat.value().raisedAt()).isEqualTo(first.value().windowEnd() + THROTTLE_MS);
            assertThat(end.value()).satisfies(e -> {
                assertThat(e.floodId()).isEqualTo(first.value().alarmId());
                assertThat(e.startedAt()).isEqualTo(first.value().windowEnd());
                assertThat(e.peakCount()).isEqualTo(14);
                assertThat(e.peakAt()).isEqualTo(repeat.value().windowEnd());
                assertThat(e.alarms()).isEqualTo(2);
            });

            long alarmLatency = first.receivedAt() - first.value().windowEnd();
            long repeatLatency = repeat.receivedAt() - (first.value().windowEnd() + THROTTLE_MS);
            long endLatency = end.receivedAt() - end.value().endedAt();
            System.out.printf("Received after being due: alarm %d ms, throttled repeat %d ms, flood end %d ms%n",
                    alarmLatency, repeatLatency, endLatency);
            // Never before it is due (the emulator stamps arrival times with this machine's clock), and in time.
            assertThat(alarmLatency).as("alarm latency").isBetween(0L, BUDGET_MS);
            assertThat(repeatLatency).as("throttled repeat latency").isBetween(0L, BUDGET_MS);
            assertThat(endLatency).as("flood end latency").isBetween(0L, BUDGET_MS);
        } finally {
            job.cancel().get();
        }
    }

    private static List<String> lines(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(json("5810" + i, "85123A", "", "United Kingdom"));
        }
        return lines;
    }
}
