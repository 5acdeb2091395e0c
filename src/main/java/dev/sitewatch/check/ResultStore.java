package dev.sitewatch.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The results table: one item per check and round (partition key {@code CheckId}, sort key {@code RoundAt}, epoch
 * ms), written with {@code BatchWriteItem} (a round written again overwrites itself) and expiring by DynamoDB's TTL
 * on {@code ExpiresAt}, {@code sitewatch.checks.result-retention} after the round. dynalite has no TTL: locally
 * results stay as long as the emulator runs, and nothing depends on their expiry.
 */
@ApplicationScoped
public class ResultStore {

    public static final String PARTITION_KEY = "CheckId";
    public static final String SORT_KEY = "RoundAt";
    private static final Logger LOG = Logger.getLogger(ResultStore.class);
    private static final int MAX_ATTEMPTS = 6;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    @Inject
    ResultStore(DynamoDbClient dynamo, ChecksConfig config) {
        this(dynamo, config.resultsTable(), config.resultRetention());
    }

    ResultStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /** One round's result of one check. */
    public record Row(String checkId, Instant round, RoundResult result) {
    }

    /**
     * Writes the rows, 25 to a request, resending what DynamoDB leaves unprocessed (with back-off).
     *
     * @return how many could not be written (logged; a result lost is a gap in the history, never a wrong alarm)
     */
    public int write(List<Row> rows) {
        int lost = 0;
        for (int from = 0; from < rows.size(); from += 25) {
            List<WriteRequest> chunk = rows.subList(from, Math.min(rows.size(), from + 25)).stream()
                    .map(row -> WriteRequest.builder().putRequest(PutRequest.builder().item(item(row)).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
            for (int attempt = 1; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
                if (attempt > MAX_ATTEMPTS) {
                    lost += pending.get(table).size();
                    LOG.warnf("%d results could not be written to %s", pending.get(table).size(), table);
                    break;
                }
                if (attempt > 1) {
                    sleep(Math.min(1000L, 25L << attempt));
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
        return lost;
    }

    /** Results of a check from newest to oldest in {@code [from, to)}, up to {@code limit}, after {@code before}. */
    public Page page(String checkId, Instant from, Instant to, int limit, Instant before) {
        Instant end = before != null && before.isBefore(to) ? before : to;
        List<ResultView> results = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            QueryResponse response = dynamo.query(range(checkId, from, end).toBuilder().scanIndexForward(false)
                    .limit(limit - results.size() + 1).exclusiveStartKey(exclusiveStart).build());
            response.items().forEach(item -> results.add(view(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && results.size() <= limit);
        boolean more = results.size() > limit;
        List<ResultView> page = more ? results.subList(0, limit) : results;
        return new Page(List.copyOf(page), more ? page.get(page.size() - 1).round() : null);
    }

    /** Every result of a check in {@code [from, to)}, oldest first. */
    public List<ResultView> all(String checkId, Instant from, Instant to) {
        List<ResultView> results = new ArrayList<>();
        for (QueryResponse response : dynamo.queryPaginator(range(checkId, from, to).toBuilder()
                .scanIndexForward(true).build())) {
            response.items().forEach(item -> results.add(view(item)));
        }
        return results;
    }

    /** A page of results, and where the next one starts (null on the last page). */
    public record Page(List<ResultView> results, Instant nextBefore) {
    }

    private QueryRequest range(String checkId, Instant from, Instant to) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c AND #r BETWEEN :from AND :last")
                .expressionAttributeNames(Map.of("#c", PARTITION_KEY, "#r", SORT_KEY))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(checkId),
                        ":from", n(from.toEpochMilli()), ":last", n(to.toEpochMilli() - 1)))
                .build();
    }

    private Map<String, AttributeValue> item(Row row) {
        ProbeResult r = row.result().result();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(row.checkId()));
        item.put(SORT_KEY, n(row.round().toEpochMilli()));
        item.put("At", AttributeValue.fromS(r.at().toString()));
        item.put("Up", AttributeValue.fromBool(r.up()));
        if (r.reason() != null) {
            item.put("Reason", AttributeValue.fromS(r.reason()));
        }
        if (r.detail() != null) {
            item.put("Detail", AttributeValue.fromS(r.detail()));
        }
        item.put("Status", n(r.status()));
        item.put("Attempts", n(row.result().attempts()));
        ProbeResult first = row.result().firstAttempt();
        if (first != null) {
            item.put("FirstReason", AttributeValue.fromS(first.reason() == null ? "?" : first.reason()));
            if (first.detail() != null) {
                item.put("FirstDetail", AttributeValue.fromS(first.detail()));
            }
        }
        putMs(item, "DnsMs", r.dnsMs());
        putMs(item, "ConnectMs", r.connectMs());
        putMs(item, "TlsMs", r.tlsMs());
        putMs(item, "TtfbMs", r.ttfbMs());
        item.put("TotalMs", n(r.totalMs()));
        if (r.certNotAfter() != null) {
            item.put("CertNotAfter", AttributeValue.fromS(r.certNotAfter().toString()));
        }
        item.put("ExpiresAt", n(row.round().plus(retention).getEpochSecond()));
        return item;
    }

    private static ResultView view(Map<String, AttributeValue> item) {
        String firstReason = text(item, "FirstReason");
        String notAfter = text(item, "CertNotAfter");
        return new ResultView(Instant.ofEpochMilli(Long.parseLong(item.get(SORT_KEY).n())),
                Instant.parse(text(item, "At")), Boolean.TRUE.equals(item.get("Up").bool()), text(item, "Reason"),
                text(item, "Detail"), number(item, "Status"), number(item, "Attempts"),
                firstReason == null ? null : new ResultView.Attempt(firstReason, text(item, "FirstDetail")),
                new ResultView.Timings(ms(item, "DnsMs"), ms(item, "ConnectMs"), ms(item, "TlsMs"), ms(item, "TtfbMs"),
                        number(item, "TotalMs")),
                notAfter == null ? null : Instant.parse(notAfter));
    }

    private static void putMs(Map<String, AttributeValue> item, String name, Integer ms) {
        if (ms != null) {
            item.put(name, n(ms));
        }
    }

    private static Integer ms(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : Integer.valueOf(value.n());
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Integer.parseInt(value.n());
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
