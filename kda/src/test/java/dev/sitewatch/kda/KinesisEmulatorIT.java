package dev.sitewatch.kda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static dev.sitewatch.kda.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job as {@code main --local} wires it (Kinesis source, Kinesis sinks, local properties), on a local Flink
 * environment against the Kinesis emulator: a bad line on each shard of {@code website-orders} lands on the
 * dead-letter stream, and a burst of order lines, with no traffic after it, comes out as alarms on
 * {@code website-alarms}, each followed on its partition key by its flood's resolved notice, within 1 s of the
 * flood's end.
 */
class KinesisEmulatorIT {

    private static final String ORDERS = "website-orders";
    private static final String ALARMS = "website-alarms";
    private static final String DEAD_LETTERS = "website-dead-letters";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final long BUDGET_MS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @RegisterExtension
    static final KinesisEmulator kinesis = new KinesisEmulator(streams());

    private static Map<String, Integer> streams() {
        Map<String, Integer> streams = new LinkedHashMap<>();
        streams.put(ORDERS, 2);
        streams.put(ALARMS, 1);
        streams.put(DEAD_LETTERS, 1);
        return streams;
    }

    @Test
    void ordersOnWebsiteOrdersBecomeAlarmsAndResolvedNoticesOnWebsiteAlarms() throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("endpoint", kinesis.endpoint());
        options.put("InputStream0.flink.stream.initpos", "TRIM_HORIZON");
        // Readers that register after the first shard discovery get their shards at the next one (10 s by default).
        options.put("InputStream0.flink.shard.discovery.intervalmillis", "500");
        // A short window, so the floods are over a few seconds after the burst.
        options.put("Detector.window.seconds", "2");
        options.put("DeadLetterStream0.stream.arn",
                "arn:aws:kinesis:us-east-1:" + LocalProperties.EMULATOR_ACCOUNT + ":stream/" + DEAD_LETTERS);
        Map<String, Properties> groups = LocalProperties.load(options);
        groups.get("DeadLetterStream0").putAll(LocalProperties.emulatorStream(DEAD_LETTERS, kinesis.endpoint()));
        DetectorConfig config = DetectorConfig.fromProperties(groups);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        FloodDetectionJob.withKinesis(env, config);
        JobClient job = env.executeAsync(FloodDetectionJob.JOB_NAME);
        try {
            await().atMost(PATIENCE).until(() -> job.getJobStatus().get() == JobStatus.RUNNING);

            // A line that is not an order on each shard. Once both are dead letters, both shards are being read.
            kinesis.client().putOnEveryShard(ORDERS, "not an order");
            List<Record> deadLetters = new ArrayList<>();
            EmulatorClient.ShardReader deadLetterReader = kinesis.client().reader(DEAD_LETTERS);
            // The dead-letter sink batches for up to 5 s (the connector's default).
            await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
                deadLetters.addAll(deadLetterReader.next());
                assertThat(deadLetters).hasSize(2);
            });
            JsonNode deadLetter = parse(deadLetters.get(0));
            assertThat(deadLetter.get("payload").asText()).isEqualTo("not an order");
            assertThat(deadLetter.get("reason").asText()).startsWith("not JSON");

            // One customer places 30 lines: a site-wide flood and a customer flood, each keyed for its shard. The
            // 30th line crosses the order threshold and nothing comes after it: only a watermark that follows the
            // wall clock can pass its arrival time.
            List<String> burst = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                burst.add(json("5800" + i, "85123A", "17850", "United Kingdom"));
            }
            kinesis.client().put(ORDERS, burst);

            // Each flood raises one alarm; once the burst has left the window and a window has passed, each flood
            // is over and its resolved notice follows its alarm on the same partition key.
            List<Record> published = new ArrayList<>();
            EmulatorClient.ShardReader alarmReader = kinesis.client().reader(ALARMS);
            await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
                published.addAll(alarmReader.next());
                assertThat(published).filteredOn(r -> parse(r).has("resolved")).hasSize(2);
            });
            assertThat(published).hasSize(4);
            Map<String, JsonNode> alarmsByPartitionKey = new HashMap<>();
            Map<String, Record> resolvedByPartitionKey = new HashMap<>();
            for (Record record : published) {
                if (parse(record).has("resolved")) {
                    assertThat(alarmsByPartitionKey).as("its flood's alarm before it")
                            .containsKey(record.partitionKey());
                    resolvedByPartitionKey.put(record.partitionKey(), record);
                } else {
                    alarmsByPartitionKey.put(record.partitionKey(), parse(record));
                }
            }
            assertThat(alarmsByPartitionKey).containsOnlyKeys("ORDER_FLOOD", "CUSTOMER_FLOOD:17850");
            assertThat(resolvedByPartitionKey).containsOnlyKeys("ORDER_FLOOD", "CUSTOMER_FLOOD:17850");

            JsonNode customerAlarm = alarmsByPartitionKey.get("CUSTOMER_FLOOD:17850");
            assertThat(customerAlarm.get("type").asText()).isEqualTo("CUSTOMER_FLOOD");
            assertThat(customerAlarm.get("key").asText()).isEqualTo("17850");
            assertThat(customerAlarm.get("threshold").asInt()).isEqualTo(20);
            assertThat(customerAlarm.get("floodId").asText()).isEqualTo(customerAlarm.get("alarmId").asText());
            JsonNode alarm = alarmsByPartitionKey.get("ORDER_FLOOD");
            assertThat(alarm.get("type").asText()).isEqualTo("ORDER_FLOOD");
            assertThat(alarm.get("key").isNull()).isTrue();
            assertThat(alarm.get("threshold").asInt()).isEqualTo(30);
            assertThat(alarm.get("orderCount").asInt()).isEqualTo(30);
            assertThat(alarm.get("windowSeconds").asInt()).isEqualTo(2);
            assertThat(alarm.get("windowEnd").asText()).matches(ISO_MILLIS);
            assertThat(alarm.get("alarmId").asText()).startsWith("ORDER_FLOOD-");
            assertThat(alarm.get("floodId").asText()).isEqualTo(alarm.get("alarmId").asText());
            assertThat(alarm.get("topCustomers").get(0).get("key").asText()).isEqualTo("17850");

            Record orderFloodOver = resolvedByPartitionKey.get("ORDER_FLOOD");
            JsonNode resolved = parse(orderFloodOver);
            List<String> fields = new ArrayList<>();
            resolved.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("resolved", "alarmId", "floodId", "type", "key", "startedAt",
                    "endedAt", "peakCount", "peakAt", "alarms", "lastCount", "endCount", "threshold", "windowSeconds");
            String floodId = alarm.get("alarmId").asText();
            assertThat(resolved.get("resolved").asBoolean()).isTrue();
            assertThat(resolved.get("alarmId").asText()).isEqualTo("RESOLVED-" + floodId);
            assertThat(resolved.get("floodId").asText()).isEqualTo(floodId);
            assertThat(resolved.get("type").asText()).isEqualTo("ORDER_FLOOD");
            assertThat(resolved.get("key").isNull()).isTrue();
            assertThat(resolved.get("startedAt").asText()).isEqualTo(alarm.get("windowEnd").asText());
            assertThat(resolved.get("endedAt").asText()).matches(ISO_MILLIS);
            // The burst leaves the window at most 2 s after the crossing; a window later the flood is over.
            assertThat(millis(resolved, "endedAt") - millis(resolved, "startedAt")).isBetween(2_001L, 4_000L);
            assertThat(resolved.get("peakCount").asInt()).isEqualTo(30);
            assertThat(resolved.get("peakAt").asText()).isEqualTo(alarm.get("windowEnd").asText());
            assertThat(resolved.get("alarms").asInt()).isEqualTo(1);
            assertThat(resolved.get("lastCount").asInt()).isEqualTo(30);
            assertThat(resolved.get("endCount").asInt()).isZero();
            assertThat(resolved.get("threshold").asInt()).isEqualTo(30);
            assertThat(resolved.get("windowSeconds").asInt()).isEqualTo(2);

            Record customerFloodOver = resolvedByPartitionKey.get("CUSTOMER_FLOOD:17850");
            JsonNode customerResolved = parse(customerFloodOver);
            assertThat(customerResolved.get("floodId").asText()).isEqualTo(customerAlarm.get("alarmId").asText());
            assertThat(customerResolved.get("key").asText()).isEqualTo("17850");
            assertThat(customerResolved.get("peakCount").asInt()).isEqualTo(30);
            assertThat(customerResolved.get("lastCount").asInt()).isEqualTo(customerAlarm.get("orderCount").asInt());
            assertThat(customerResolved.get("threshold").asInt()).isEqualTo(20);

            // The emulator stamps arrival times with this machine's clock, as it did the orders'.
            for (Record over : List.of(orderFloodOver, customerFloodOver)) {
                long latency = over.approximateArrivalTimestamp().toEpochMilli() - millis(parse(over), "endedAt");
                System.out.printf("Resolved notice %s on website-alarms %d ms after the flood's end%n",
                        over.partitionKey(), latency);
                assertThat(latency).as("resolved notice latency").isBetween(0L, BUDGET_MS);
            }
        } finally {
            job.cancel().get();
        }
    }

    private static JsonNode parse(Record record) {
        try {
            return JSON.readTree(record.data().asUtf8String());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millis(JsonNode json, String field) {
        return Instant.parse(json.get(field).asText()).toEpochMilli();
    }
}
