package dev.sitewatch.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.BatchOutcome;
import dev.sitewatch.kinesis.StreamRecord;
import dev.sitewatch.local.LocalAws;
import dev.sitewatch.local.LocalTables;
import dev.sitewatch.local.emulator.Dynalite;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The per-minute order counters, through the real {@link OrderArchive} against a real dynalite: what is counted, in
 * which minute, with how many requests, and that no redelivery Lambda makes counts an order twice (the same batch
 * again, a restart from a failed record in its middle, bisected halves, a counter table that was down).
 */
class OrderRateCounterTest {

    private static final String SHARD = "shardId-000000000000";
    private static final Instant T = Instant.parse("2026-11-25T14:03:12.345Z");

    private static Dynalite dynalite;
    private static DynamoDbClient dynamo;
    private static final AtomicInteger UPDATES = new AtomicInteger();
    private static final AtomicInteger TABLES = new AtomicInteger();

    private String rateTable;
    private OrderArchive archive;
    private int invoice = 900_000;

    @BeforeAll
    static void startDynamo() {
        dynalite = Dynalite.start(0);
        dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(dynalite.endpoint()))
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof UpdateItemRequest) {
                            UPDATES.incrementAndGet();
                        }
                    }
                }))
                .build();
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
        dynalite.close();
    }

    @BeforeEach
    void freshTables() {
        int n = TABLES.incrementAndGet();
        rateTable = "Rate" + n;
        LocalTables.create(dynamo, "Orders" + n, "Quarantine" + n, "Ledger" + n, "Silences" + n);
        LocalTables.createOrderRate(dynamo, rateTable);
        archive = archive(Map.of("sitewatch.orders.table", "Orders" + n,
                "sitewatch.orders.quarantine-table", "Quarantine" + n, "sitewatch.orders.rate.table", rateTable));
        UPDATES.set(0);
    }

    private static OrderArchive archive(Map<String, String> properties) {
        OrdersConfig config = new SmallRyeConfigBuilder()
                .withMapping(OrdersConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(properties)
                .build()
                .getConfigMapping(OrdersConfig.class);
        return new OrderArchive(config, dynamo, new ObjectMapper());
    }

    /** An order line with sequence number {@code sequence} that arrived at {@code arrived}. */
    private StreamRecord order(long sequence, Instant arrived) {
        return record(SHARD, sequence, arrived, OrderLines.line(String.valueOf(++invoice), "85123A", "17850"));
    }

    private static StreamRecord record(String shard, long sequence, Instant arrived, String data) {
        String number = "49" + String.format("%020d", sequence);
        return new StreamRecord(shard + ":" + number, "website-orders", number, "pk", arrived,
                data.getBytes(StandardCharsets.UTF_8));
    }

    /** The counters as the dashboard reads them: minute → orders, over every hour's item. */
    private Map<Instant, Long> perMinute() {
        Map<Instant, Long> minutes = new TreeMap<>();
        for (Map<String, AttributeValue> item : dynamo.scan(s -> s.tableName(rateTable).consistentRead(true)).items()) {
            Instant hour = Instant.parse(item.get(OrderRateTable.PARTITION_KEY).s() + ":00:00Z");
            item.forEach((name, value) -> {
                if (name.matches("M[0-5][0-9]")) {
                    minutes.put(hour.plusSeconds(60L * Integer.parseInt(name.substring(1))), Long.parseLong(value.n()));
                }
            });
        }
        return minutes;
    }

    private static Instant minute(String time) {
        return Instant.parse(time);
    }

    private void archiveAll(List<StreamRecord> batch) {
        BatchOutcome outcome = archive.archive(batch);
        assertThat(outcome.failedSequenceNumbers()).isEmpty();
    }

    @Test
    void countsTheOrdersOfEachArrivalMinuteWithOneUpdatePerBatch() {
        List<StreamRecord> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(order(i, T.plusSeconds(i)));                    // 14:03
        }
        for (int i = 5; i < 12; i++) {
            batch.add(order(i, T.plusSeconds(60 + i)));               // 14:04
        }
        batch.add(record(SHARD, 12, T.plusSeconds(61), "not JSON")); // quarantined: no order
        batch.add(record(SHARD, 13, T.plusSeconds(62), OrderLines.line("C" + ++invoice, "85123A", "17850")));

        archiveAll(batch);

        // the cancellation is not an order placed (as the flood detector counts), the bad line not an order at all
        assertThat(perMinute()).containsExactly(
                Map.entry(minute("2026-11-25T14:03:00Z"), 5L), Map.entry(minute("2026-11-25T14:04:00Z"), 7L));
        assertThat(UPDATES).hasValue(1);
    }

    @Test
    void theSameBatchDeliveredAgainCountsNothingTwice() {
        List<StreamRecord> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(order(100 + i, T.plusMillis(100L * i)));
        }
        archiveAll(batch);
        archiveAll(batch);
        archiveAll(batch);

        assertThat(perMinute()).containsExactly(Map.entry(minute("2026-11-25T14:03:00Z"), 30L));
    }

    @Test
    void aRestartFromARecordInTheMiddleCountsOnlyTheRecordsNotSeenBefore() {
        List<StreamRecord> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(order(200 + i, T.plusSeconds(i)));
        }
        archiveAll(first);
        // Lambda restarts the shard at record 6 (say it had been reported failed): 6..9 again, then 10..14 new,
        // which arrived in the next minute
        List<StreamRecord> redelivery = new ArrayList<>(first.subList(6, 10));
        for (int i = 10; i < 15; i++) {
            redelivery.add(order(200 + i, T.plusSeconds(50 + i))); // 14:04:12 and after
        }
        archiveAll(redelivery);

        assertThat(perMinute()).containsExactly(
                Map.entry(minute("2026-11-25T14:03:00Z"), 10L), Map.entry(minute("2026-11-25T14:04:00Z"), 5L));
    }

    @Test
    void bisectedHalvesOfABatchCountedBeforeAddNothing() {
        List<StreamRecord> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(order(300 + i, T.plusSeconds(i)));
        }
        archiveAll(batch);
        archiveAll(batch.subList(0, 10));
        archiveAll(batch.subList(10, 20));

        assertThat(perMinute()).containsExactly(Map.entry(minute("2026-11-25T14:03:00Z"), 20L));
    }

    @Test
    void shardsAndHoursAreCountedApartOneUpdateEach() {
        Instant beforeTheHour = Instant.parse("2026-11-25T14:59:59Z");
        List<StreamRecord> batch = List.of(order(1, beforeTheHour), order(2, beforeTheHour.plusSeconds(2)),
                order(3, beforeTheHour.plusSeconds(3)));
        archiveAll(batch);
        // another shard's sequence numbers are its own: low numbers there are new
        archiveAll(List.of(record("shardId-000000000001", 1, beforeTheHour, OrderLines.line("1", "A", "1")),
                record("shardId-000000000001", 2, beforeTheHour, OrderLines.line("2", "A", "1"))));

        assertThat(perMinute()).containsExactly(
                Map.entry(minute("2026-11-25T14:59:00Z"), 3L), Map.entry(minute("2026-11-25T15:00:00Z"), 2L));
        assertThat(UPDATES).hasValue(2 + 1);
    }

    @Test
    void aCounterThatCannotBeWrittenSendsItsOrdersBackAndTheRetryCountsThemOnce() {
        List<StreamRecord> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(order(400 + i, T.plusSeconds(i)));
        }
        batch.add(record(SHARD, 404, T.plusSeconds(4), "not JSON"));
        dynamo.deleteTable(d -> d.tableName(rateTable));

        BatchOutcome failed = archive.archive(batch);

        // the orders were archived, their count was not: Lambda retries them, from the first
        assertThat(failed.failedSequenceNumbers())
                .containsExactlyElementsOf(batch.subList(0, 4).stream().map(StreamRecord::sequenceNumber).toList());
        LocalTables.createOrderRate(dynamo, rateTable);
        archiveAll(batch);
        archiveAll(batch);
        assertThat(perMinute()).containsExactly(Map.entry(minute("2026-11-25T14:03:00Z"), 4L));
    }

    @Test
    void sequenceNumbersOrderAsNumbersNotAsText() {
        assertThat(OrderRateTable.ordered("9")).isLessThan(OrderRateTable.ordered("10"));
        assertThat(OrderRateTable.ordered("49590338271490256608559692538361571095921575989136588898"))
                .isGreaterThan(OrderRateTable.ordered("4959033827149025660855969253836157109592157598913658889"))
                .isLessThan(OrderRateTable.ordered("49590338271490256608559692538361571095921575989136588899"));
        assertThat(OrderRateTable.ordered("007")).isEqualTo(OrderRateTable.ordered("7"));
    }
}
