package dev.sitewatch.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.BatchOutcome;
import dev.sitewatch.kinesis.StreamRecord;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What DynamoDB hands back as {@code UnprocessedItems} (a throttled partition) is sent again, alone, and what is
 * still unprocessed after {@code sitewatch.orders.write.max-attempts} comes back as failed records, for Lambda to
 * retry; the rest of the batch is done. Dynalite never leaves items unprocessed, so a {@link DynamoDbClient} that
 * does stands in for AWS throttling; the archive, its {@link BatchWriter} and the config mapping are the real ones.
 */
class UnprocessedItemsTest {

    private static final String TABLE = "WebsiteOrders";
    private static final int ALWAYS = Integer.MAX_VALUE;

    /** The real config mapping, read from properties as the app reads them; back-offs kept short for the test. */
    private static OrderArchive archive(DynamoDbClient dynamo, int maxAttempts) {
        OrdersConfig config = new SmallRyeConfigBuilder()
                .withMapping(OrdersConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of("sitewatch.orders.write.max-attempts", String.valueOf(maxAttempts),
                        "sitewatch.orders.write.base-delay", "1ms", "sitewatch.orders.write.max-delay", "5ms"))
                .build()
                .getConfigMapping(OrdersConfig.class);
        assertThat(config.table()).isEqualTo(TABLE);
        return new OrderArchive(config, dynamo, new ObjectMapper());
    }

    /** Record {@code n} is order line {@code 8000n} (its InvoiceNo), sequence number {@code n}. */
    private static StreamRecord record(int n, int invoice) {
        byte[] data = OrderLines.line(String.valueOf(invoice), "85123A", "17850").getBytes(StandardCharsets.UTF_8);
        return new StreamRecord("shardId-000000000000:" + n, "website-orders", String.valueOf(n), "pk-" + n,
                Instant.parse("2026-11-25T14:00:00Z"), data);
    }

    private static List<StreamRecord> records(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> record(n, invoice(n))).toList();
    }

    private static int invoice(int n) {
        return 800_000 + n;
    }

    private static List<String> invoices(int... ns) {
        return IntStream.of(ns).mapToObj(n -> String.valueOf(invoice(n))).toList();
    }

    private static List<String> invoicesFromTo(int first, int last) {
        return invoices(IntStream.rangeClosed(first, last).toArray());
    }

    @Test
    void onlyTheUnprocessedItemsAreSentAgainUntilTheyAreWritten() {
        // lines 3, 10 and 20 are left unprocessed once, line 24 twice; 30 lines make requests of 25 and 5
        ThrottledDynamo dynamo = new ThrottledDynamo(Map.of(invoice(3), 1, invoice(10), 1, invoice(20), 1, invoice(24), 2));

        BatchOutcome outcome = archive(dynamo, 8).archive(records(30));

        assertThat(dynamo.calls).containsExactly(
                invoicesFromTo(1, 25),
                invoices(3, 10, 20, 24),
                invoices(24),
                invoicesFromTo(26, 30));
        assertThat(outcome.failedSequenceNumbers()).isEmpty();
        assertThat(outcome.done()).isEqualTo(30);
        assertThat(dynamo.written).containsExactlyInAnyOrderElementsOf(invoicesFromTo(1, 30));
    }

    @Test
    void whatIsStillUnprocessedAfterMaxAttemptsComesBackAsFailedRecords() {
        // lines 5 and 6 are never written, line 7 on the second attempt; record 11 is line 5 delivered once more
        ThrottledDynamo dynamo = new ThrottledDynamo(Map.of(invoice(5), ALWAYS, invoice(6), ALWAYS, invoice(7), 1));
        List<StreamRecord> batch = new ArrayList<>(records(10));
        batch.add(record(11, invoice(5)));

        BatchOutcome outcome = archive(dynamo, 3).archive(batch);

        assertThat(dynamo.calls).as("three attempts, each with only what was left unprocessed").containsExactly(
                invoicesFromTo(1, 10),
                invoices(5, 6, 7),
                invoices(5, 6));
        assertThat(outcome.failedSequenceNumbers()).containsExactlyInAnyOrder("5", "6", "11");
        assertThat(outcome.done()).isEqualTo(8);
        assertThat(dynamo.written).containsExactlyInAnyOrderElementsOf(invoices(1, 2, 3, 4, 7, 8, 9, 10));
    }

    @Test
    void oneAttemptMeansNoResending() {
        ThrottledDynamo dynamo = new ThrottledDynamo(Map.of(invoice(2), 1));

        BatchOutcome outcome = archive(dynamo, 1).archive(records(3));

        assertThat(dynamo.calls).containsExactly(invoicesFromTo(1, 3));
        assertThat(outcome.failedSequenceNumbers()).containsExactly("2");
        assertThat(outcome.done()).isEqualTo(2);
    }

    /**
     * {@code BatchWriteItem} as a throttled table answers it: the lines (by InvoiceNo) in {@code refusals} come back
     * as {@code UnprocessedItems}, each for as many calls as given there; everything else is written. Keeps the
     * InvoiceNos of every call, in order. The order-rate counter's {@code UpdateItem} succeeds (its own tests are in
     * {@link OrderRateCounterTest}).
     */
    private static final class ThrottledDynamo implements DynamoDbClient {

        private final Map<String, Integer> refusals = new HashMap<>();
        final List<List<String>> calls = new ArrayList<>();
        final Set<String> written = new LinkedHashSet<>();

        ThrottledDynamo(Map<Integer, Integer> refusals) {
            refusals.forEach((invoice, times) -> this.refusals.put(String.valueOf(invoice), times));
        }

        @Override
        public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            assertThat(request.requestItems()).containsOnlyKeys(TABLE);
            List<String> invoices = new ArrayList<>();
            List<WriteRequest> unprocessed = new ArrayList<>();
            for (WriteRequest write : request.requestItems().get(TABLE)) {
                String invoice = write.putRequest().item().get("InvoiceNo").s();
                invoices.add(invoice);
                int refuse = refusals.getOrDefault(invoice, 0);
                if (refuse > 0) {
                    refusals.put(invoice, refuse == ALWAYS ? ALWAYS : refuse - 1);
                    unprocessed.add(write);
                } else {
                    written.add(invoice);
                }
            }
            calls.add(invoices);
            return BatchWriteItemResponse.builder()
                    .unprocessedItems(unprocessed.isEmpty() ? Map.of() : Map.of(TABLE, unprocessed)).build();
        }

        @Override
        public UpdateItemResponse updateItem(UpdateItemRequest request) {
            return UpdateItemResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return DynamoDbClient.SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
