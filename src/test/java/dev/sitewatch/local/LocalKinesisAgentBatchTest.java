package dev.sitewatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** How the agent stand-in batches and re-sends, against a Kinesis that answers as scripted. */
class LocalKinesisAgentBatchTest {

    static final AgentFlow FLOW = AgentFlow.read(Path.of("ec2-setup", "agent.json"));

    @TempDir
    Path dir;

    @Test
    void resendsOnlyTheRecordsAResponseReportsFailedAndAFailedCallWhole() throws Exception {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        kinesis.answers.add(request -> answer(request, 1)); // the second record throttled
        kinesis.answers.add(request -> {
            throw SdkClientException.create("connection reset");
        });
        Files.writeString(dir.resolve("orders.log"), lines(3));

        try (LocalKinesisAgent agent = LocalKinesisAgent.start(FLOW, dir, kinesis)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.sent() == 3);
            assertThat(agent.awaitShipped(Duration.ofSeconds(5))).isTrue();
        }

        List<List<PutRecordsRequestEntry>> calls = kinesis.calls();
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0)).hasSize(3);
        assertThat(calls.get(1)).containsExactly(calls.get(0).get(1));
        assertThat(calls.get(2)).containsExactly(calls.get(0).get(1));
        assertThat(kinesis.requests).allSatisfy(r -> assertThat(r.streamName()).isEqualTo("website-orders"));
    }

    @Test
    void batchesKeepToTheFlowsRecordAndByteLimits() throws Exception {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        Files.writeString(dir.resolve("orders.log"), lines(1_200));
        try (LocalKinesisAgent agent = LocalKinesisAgent.start(FLOW, dir, kinesis)) {
            assertThat(agent.awaitShipped(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(kinesis.calls()).extracting(List::size).containsExactly(500, 500, 200);

        ScriptedKinesis small = new ScriptedKinesis();
        AgentFlow smallBatches = new AgentFlow(FLOW.filePattern(), FLOW.kinesisStream(), FLOW.partitionKeyOption(),
                1_000, 500, 1_000, FLOW.converter());
        try (LocalKinesisAgent agent = LocalKinesisAgent.start(smallBatches, dir, small)) {
            assertThat(agent.awaitShipped(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(small.calls().stream().mapToInt(List::size).sum()).isEqualTo(1_200);
        assertThat(small.calls()).allSatisfy(call -> assertThat(call.stream()
                .mapToInt(e -> e.data().asByteArray().length + e.partitionKey().length()).sum()).isLessThanOrEqualTo(1_000));
    }

    @Test
    void deterministicPartitionKeysAreTheRecordsMd5() throws Exception {
        ScriptedKinesis kinesis = new ScriptedKinesis();
        AgentFlow deterministic = new AgentFlow(FLOW.filePattern(), FLOW.kinesisStream(),
                AgentFlow.PartitionKeyOption.DETERMINISTIC, 1_000, 500, 1_048_576, null);
        Files.writeString(dir.resolve("orders.log"), "hello\n");
        try (LocalKinesisAgent agent = LocalKinesisAgent.start(deterministic, dir, kinesis)) {
            assertThat(agent.awaitShipped(Duration.ofSeconds(10))).isTrue();
        }
        // md5 of "hello\n": the line as it is, without CSVTOJSON
        assertThat(kinesis.calls()).singleElement().satisfies(call -> assertThat(call).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.data().asUtf8String()).isEqualTo("hello\n");
                    assertThat(entry.partitionKey()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
                }));
    }

    private static String lines(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "F" + i + ",22633,HAND WARMER UNION JACK,6,12/1/2010 8:26,1.85,17850,United Kingdom\n")
                .collect(Collectors.joining());
    }

    /** Every record accepted but the one at {@code failed}. */
    private static PutRecordsResponse answer(PutRecordsRequest request, int failed) {
        List<PutRecordsResultEntry> results = IntStream.range(0, request.records().size())
                .mapToObj(i -> i == failed
                        ? PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                                .errorMessage("Rate exceeded for shard").build()
                        : PutRecordsResultEntry.builder().shardId("shardId-000000000000").sequenceNumber("1").build())
                .toList();
        return PutRecordsResponse.builder().failedRecordCount(failed >= 0 ? 1 : 0).records(results).build();
    }

    /** Answers PutRecords from its script, then accepts everything; keeps every request. */
    static final class ScriptedKinesis implements KinesisClient {
        final Deque<Function<PutRecordsRequest, PutRecordsResponse>> answers = new ArrayDeque<>();
        final List<PutRecordsRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public synchronized PutRecordsResponse putRecords(PutRecordsRequest request) {
            requests.add(request);
            Function<PutRecordsRequest, PutRecordsResponse> next = answers.poll();
            return next != null ? next.apply(request) : answer(request, -1);
        }

        List<List<PutRecordsRequestEntry>> calls() {
            return requests.stream().map(PutRecordsRequest::records).toList();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    }
}
