package dev.sitewatch.kda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sitewatch.local.emulator.KinesisLocal;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sitewatch.kda.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job as {@code main --local} wires it (Kinesis source, Kinesis sinks, local properties), on a local Flink
 * environment against the Kinesis emulator: order lines put on {@code website-orders} come out as an alarm on
 * {@code website-alarms}, and a bad line lands on the dead-letter stream.
 */
class KinesisEmulatorIT {

    private static final String ORDERS = "website-orders";
    private static final String ALARMS = "website-alarms";
    private static final String DEAD_LETTERS = "website-dead-letters";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static KinesisLocal kinesis;
    private static KinesisClient client;

    @BeforeAll
    static void startEmulator() {
        Map<String, Integer> streams = new LinkedHashMap<>();
        streams.put(ORDERS, 2);
        streams.put(ALARMS, 1);
        streams.put(DEAD_LETTERS, 1);
        kinesis = KinesisLocal.start(0, streams);
        client = KinesisClient.builder()
                .endpointOverride(URI.create(kinesis.endpoint()))
                .region(Region.of(KinesisLocal.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stopEmulator() {
        if (client != null) {
            client.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
    }

    @Test
    void ordersOnWebsiteOrdersBecomeAnAlarmOnWebsiteAlarms() throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("endpoint", kinesis.endpoint());
        options.put("InputStream0.flink.stream.initpos", "TRIM_HORIZON");
        options.put("DeadLetterStream0.stream.arn",
                "arn:aws:kinesis:us-east-1:" + LocalProperties.EMULATOR_ACCOUNT + ":stream/" + DEAD_LETTERS);
        Map<String, java.util.Properties> groups = LocalProperties.load(options);
        groups.get("DeadLetterStream0").putAll(LocalProperties.emulatorStream(DEAD_LETTERS, kinesis.endpoint()));
        DetectorConfig config = DetectorConfig.fromProperties(groups);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        FloodDetectionJob.withKinesis(env, config);
        JobClient job = env.executeAsync(FloodDetectionJob.JOB_NAME);
        try {
            awaitRunning(job);
            List<PutRecordsRequestEntry> burst = new ArrayList<>();
            for (int i = 0; i < 35; i++) {
                burst.add(entry(json("5800" + i, "85123A", "17850", "United Kingdom"), "invoice-" + i));
            }
            put(burst);

            // Traffic goes on after a flood, and it is what moves the watermark of both shards past the crossing.
            // Here it is a line that is not an order, so it counts for nothing and doubles as the dead letter.
            // One customer placed all 35 lines: a site-wide flood and a customer flood, each keyed for its shard.
            Map<String, JsonNode> alarmsByPartitionKey = new HashMap<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            String alarmsIterator = iterator(ALARMS);
            int beat = 0;
            while (alarmsByPartitionKey.size() < 2 && System.nanoTime() < deadline) {
                put(List.of(entry("heartbeat " + beat, "beat-" + beat++)));
                var response = client.getRecords(GetRecordsRequest.builder().shardIterator(alarmsIterator).build());
                alarmsIterator = response.nextShardIterator();
                for (Record record : response.records()) {
                    alarmsByPartitionKey.put(record.partitionKey(),
                            new ObjectMapper().readTree(record.data().asUtf8String()));
                }
                Thread.sleep(250);
            }

            assertThat(alarmsByPartitionKey).as("alarms on %s within %s", ALARMS, PATIENCE)
                    .containsOnlyKeys("ORDER_FLOOD", "CUSTOMER_FLOOD:17850");
            JsonNode customerAlarm = alarmsByPartitionKey.get("CUSTOMER_FLOOD:17850");
            assertThat(customerAlarm.get("type").asText()).isEqualTo("CUSTOMER_FLOOD");
            assertThat(customerAlarm.get("key").asText()).isEqualTo("17850");
            assertThat(customerAlarm.get("threshold").asInt()).isEqualTo(20);
            JsonNode alarm = alarmsByPartitionKey.get("ORDER_FLOOD");
            assertThat(alarm.get("type").asText()).isEqualTo("ORDER_FLOOD");
            assertThat(alarm.get("key").isNull()).isTrue();
            assertThat(alarm.get("threshold").asInt()).isEqualTo(30);
            // Lines of one PutRecords call may share an arrival millisecond; all of that millisecond count together.
            assertThat(alarm.get("orderCount").asInt()).isBetween(30, 35);
            assertThat(alarm.get("windowSeconds").asInt()).isEqualTo(15);
            assertThat(alarm.get("windowEnd").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(alarm.get("alarmId").asText()).startsWith("ORDER_FLOOD-");
            assertThat(alarm.get("topCustomers").get(0).get("key").asText()).isEqualTo("17850");

            // The dead-letter sink batches for up to 5 s (the connector's default): poll for it.
            List<Record> deadLetters = List.of();
            String deadLettersIterator = iterator(DEAD_LETTERS);
            while (deadLetters.isEmpty() && System.nanoTime() < deadline) {
                var response = client.getRecords(GetRecordsRequest.builder().shardIterator(deadLettersIterator).build());
                deadLettersIterator = response.nextShardIterator();
                deadLetters = response.records();
                Thread.sleep(250);
            }
            assertThat(deadLetters).as("dead letters on %s within %s", DEAD_LETTERS, PATIENCE).isNotEmpty();
            JsonNode deadLetter = new ObjectMapper().readTree(deadLetters.get(0).data().asUtf8String());
            assertThat(deadLetter.get("payload").asText()).startsWith("heartbeat ");
            assertThat(deadLetter.get("reason").asText()).startsWith("not JSON");
        } finally {
            job.cancel().get();
        }
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            assertThat(System.nanoTime()).as("job running in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static PutRecordsRequestEntry entry(String data, String partitionKey) {
        return PutRecordsRequestEntry.builder()
                .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)).partitionKey(partitionKey).build();
    }

    private static void put(List<PutRecordsRequestEntry> entries) {
        PutRecordsResponse response = client.putRecords(r -> r.streamName(ORDERS).records(entries));
        assertThat(response.failedRecordCount()).isZero();
    }

    private static String iterator(String stream) {
        String shard = client.listShards(r -> r.streamName(stream)).shards().get(0).shardId();
        return client.getShardIterator(r -> r.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }
}
