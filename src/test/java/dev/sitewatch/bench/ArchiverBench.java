package dev.sitewatch.bench;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.BatchOutcome;
import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.kinesis.StreamRecord;
import dev.sitewatch.local.LocalTables;
import dev.sitewatch.order.OrderArchive;
import dev.sitewatch.order.OrderItem;
import dev.sitewatch.order.OrderLine;
import dev.sitewatch.order.OrderLineParser;
import dev.sitewatch.order.OrdersConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The real {@link OrderArchive#archive(List)} against dynalite, next to a bare loop of {@code BatchWriteItem} with
 * the same items in the same chunks of 25 on the same client, batch by batch in alternating order so that both
 * see the same machine. The bare loop gets its items ready-made (parsed and keyed before the clock starts): it is
 * the least any archiver must spend, the SDK call and the emulator. Requests are counted on the client.
 */
final class ArchiverBench {

    /** Lambda hands the archiver up to 500 records at a time (template.yaml: BatchSize 500). */
    static final int BATCH = 500;
    private static final int CHUNK = 25;

    private final DynamoDbClient dynamo;
    private final RequestCounter counter;

    ArchiverBench(String endpoint) {
        this.counter = new RequestCounter();
        this.dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                .build();
    }

    /**
     * @param archiverRequests BatchWriteItem calls/attempts the archiver made; {@code bareRequests} the bare loop's
     */
    record Result(int lines, int written, int quarantined, double archiverSeconds, double bareSeconds,
                  RequestCounter.Snapshot archiverRequests, RequestCounter.Snapshot bareRequests, int batches,
                  long counted, long countable) {

        double archiverRate() {
            return lines / archiverSeconds;
        }

        double bareRate() {
            return written / bareSeconds;
        }

        double ratio() {
            return archiverRate() / bareRate();
        }

        double requestsPerLine() {
            return (double) archiverRequests.attempts() / lines;
        }

        /** The goal: one BatchWriteItem per 25 lines plus one counter update per batch. */
        double requestsPerLineGoal() {
            return 1.0 / 25 + (double) batches / lines;
        }
    }

    /** Archives {@code records} in batches of {@link #BATCH}, interleaved with the bare loop; fresh tables each run. */
    Result run(String name, List<StreamRecord> records) {
        String orders = "Orders_" + name;
        String quarantine = "Quarantine_" + name;
        String bare = "Bare_" + name;
        String rate = "Rate_" + name;
        LocalTables.create(dynamo, orders, quarantine, "SitewatchAlarmLedger", "SitewatchSilences");
        LocalTables.createOrderRate(dynamo, rate);
        LocalTables.createTable(dynamo, bare, OrderItem.PARTITION_KEY, OrderItem.SORT_KEY);
        try {
            OrderArchive archive = new OrderArchive(config(orders, quarantine, rate), dynamo, new ObjectMapper());
            OrderLineParser parser = new OrderLineParser(new ObjectMapper(), ZoneId.of("UTC"), 65_536);
            long archiverNanos = 0;
            long bareNanos = 0;
            int written = 0;
            int quarantined = 0;
            int batches = 0;
            long countable = 0;
            RequestCounter.Snapshot archiverRequests = new RequestCounter.Snapshot(0, 0, 0);
            RequestCounter.Snapshot bareRequests = new RequestCounter.Snapshot(0, 0, 0);
            for (int from = 0, batchNo = 0; from < records.size(); from += BATCH, batchNo++) {
                List<StreamRecord> batch = records.subList(from, Math.min(records.size(), from + BATCH));
                List<Map<String, AttributeValue>> items = items(parser, batch); // the bare loop's, outside the clock
                batches++;
                countable += items.stream().filter(item -> !item.get("Cancelled").bool()).count();
                for (int turn = 0; turn < 2; turn++) {
                    boolean archiverTurn = (turn == 0) == (batchNo % 2 == 0);
                    RequestCounter.Snapshot before = counter.snapshot();
                    long start = System.nanoTime();
                    if (archiverTurn) {
                        BatchOutcome outcome = archive.archive(batch);
                        archiverNanos += System.nanoTime() - start;
                        archiverRequests = archiverRequests.plus(counter.snapshot().minus(before));
                        if (!outcome.failedSequenceNumbers().isEmpty()) {
                            throw new IllegalStateException(outcome.failedSequenceNumbers().size() + " records failed");
                        }
                        quarantined += outcome.quarantined();
                    } else {
                        writeBare(bare, items);
                        bareNanos += System.nanoTime() - start;
                        bareRequests = bareRequests.plus(counter.snapshot().minus(before));
                        written += items.size();
                    }
                }
            }
            return new Result(records.size(), written, quarantined, archiverNanos / 1e9, bareNanos / 1e9,
                    archiverRequests, bareRequests, batches, counted(rate), countable);
        } finally {
            for (String table : List.of(orders, quarantine, bare, rate)) {
                dynamo.deleteTable(b -> b.tableName(table)); // dynalite keeps tables in memory
            }
        }
    }

    /** Items in the table named {@code table}, for checks. */
    int count(String table) {
        return dynamo.scan(b -> b.tableName(table).select("COUNT")).count();
    }

    /** The orders in every minute of the counters table: each one must be counted once. */
    private long counted(String table) {
        return dynamo.scan(b -> b.tableName(table)).items().stream()
                .flatMap(item -> item.entrySet().stream())
                .filter(attribute -> attribute.getKey().matches("M[0-5][0-9]"))
                .mapToLong(attribute -> Long.parseLong(attribute.getValue().n()))
                .sum();
    }

    DynamoDbClient client() {
        return dynamo;
    }

    private void writeBare(String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<WriteRequest> requests = items.subList(from, Math.min(items.size(), from + CHUNK)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            while (!requests.isEmpty()) {
                List<WriteRequest> send = requests;
                requests = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, send)))
                        .unprocessedItems().getOrDefault(table, List.of());
            }
        }
    }

    private static List<Map<String, AttributeValue>> items(OrderLineParser parser, List<StreamRecord> batch) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(batch.size());
        for (StreamRecord record : batch) {
            if (parser.parse(record.data()) instanceof Decoded.Ok<OrderLine> ok) {
                items.add(OrderItem.of(ok.value(), record));
            }
        }
        return items;
    }

    /**
     * {@code sitewatch.orders.*} as the app reads it: the real mapping with its documented defaults, only the tables
     * named. (Built by SmallRye Config; an anonymous implementation would be indexed as a bean by the Quarkus tests.)
     */
    static OrdersConfig config(String table, String quarantineTable, String rateTable) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(OrdersConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus' "50ms", "2s"
                .withDefaultValue("sitewatch.orders.table", table)
                .withDefaultValue("sitewatch.orders.quarantine-table", quarantineTable)
                .withDefaultValue("sitewatch.orders.rate.table", rateTable)
                .build();
        return config.getConfigMapping(OrdersConfig.class);
    }
}
