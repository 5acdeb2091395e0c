package dev.sitewatch.order;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import dev.sitewatch.kinesis.StreamRecord;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Keeps the orders per minute ({@link OrderRateTable}) with one {@code UpdateItem} per batch, shard and UTC hour —
 * in practice one per batch: {@code ADD} to each minute's counter, {@code SET} the shard's counted-up-to sequence
 * number.
 * <p>
 * Redelivery does not count twice. Lambda hands a shard's records in sequence order, one batch at a time, and
 * redelivers from a failed record onwards (a retry, a bisected half, a restart from the lowest reported failure).
 * So each hour's item keeps, per shard, the highest sequence number it has counted, and the update is conditional on
 * the batch starting above it. A batch that overlaps what was counted fails the condition; then the item's mark is
 * read and only the records above it are added, conditional on the mark still being that one. Why not a key per
 * batch: a redelivered batch need not have the first one's bounds (a restart from a failed record in its middle,
 * bisection), and an item per batch would make the dashboard read thousands of items instead of seven.
 * <p>
 * A record is counted when it is seen, whether or not its own write succeeds: the counters say how many orders
 * arrived, as the flood detector counts them, not how many were archived. A counter that cannot be updated reports
 * its records as failed, so Lambda retries them and the count is not lost; archiving them again is harmless.
 */
final class OrderRateCounter {

    private static final Logger LOG = Logger.getLogger(OrderRateCounter.class);
    private static final int MAX_ATTEMPTS = 4;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    OrderRateCounter(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /** A record of the batch, and whether it is an order that counts. */
    record Seen(StreamRecord record, boolean counts) {
    }

    /** Adds the batch's orders to their minutes; returns the records whose count could not be kept. */
    List<StreamRecord> count(List<Seen> batch) {
        Map<Group, List<Entry>> groups = new LinkedHashMap<>();
        for (Seen seen : batch) {
            StreamRecord record = seen.record();
            if (record.arrivedAt() == null) {
                continue; // Kinesis always sets it; an event without it has no minute to count in
            }
            String sequence;
            try {
                sequence = OrderRateTable.ordered(record.sequenceNumber());
            } catch (IllegalArgumentException notKinesis) {
                LOG.debugf("Not counting record %s: %s", record.eventId(), notKinesis.getMessage());
                continue;
            }
            groups.computeIfAbsent(new Group(OrderRateTable.hourOf(record.arrivedAt()), shard(record)),
                    g -> new ArrayList<>()).add(new Entry(seen, sequence));
        }
        List<StreamRecord> failed = new ArrayList<>();
        groups.forEach((group, entries) -> {
            if (!update(group, entries)) {
                entries.stream().filter(e -> e.seen().counts()).forEach(e -> failed.add(e.seen().record()));
            }
        });
        return failed;
    }

    private record Group(Instant hour, String shard) {
    }

    private record Entry(Seen seen, String sequence) {
    }

    /** True once the group's orders are in their minutes (now or by an earlier delivery). */
    private boolean update(Group group, List<Entry> entries) {
        String first = entries.stream().map(Entry::sequence).min(String::compareTo).orElseThrow();
        String last = entries.stream().map(Entry::sequence).max(String::compareTo).orElseThrow();
        String countedUpTo = null; // null: not known yet, assume the batch is new
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Map<String, Integer> minutes = perMinute(entries, countedUpTo);
                if (minutes.isEmpty()) {
                    return true; // nothing (more) to add: no orders, or all counted before
                }
                try {
                    put(group, minutes, first, last, countedUpTo);
                    return true;
                } catch (ConditionalCheckFailedException overlap) {
                    countedUpTo = countedUpTo(group);
                    if (countedUpTo == null) {
                        LOG.warnf("Order rate %s: the condition failed but the item has no mark for %s",
                                OrderRateTable.hourKey(group.hour()), group.shard());
                        return false;
                    }
                }
            }
        } catch (SdkException e) {
            LOG.warnf("Could not count %d records of %s in %s: %s", entries.size(), group.shard(), table,
                    e.getMessage());
            return false;
        }
        LOG.warnf("Order rate %s: the mark of %s kept moving; its records go back to Lambda",
                OrderRateTable.hourKey(group.hour()), group.shard());
        return false;
    }

    private static Map<String, Integer> perMinute(List<Entry> entries, String countedUpTo) {
        Map<String, Integer> minutes = new TreeMap<>();
        for (Entry entry : entries) {
            if (entry.seen().counts() && (countedUpTo == null || entry.sequence().compareTo(countedUpTo) > 0)) {
                minutes.merge(OrderRateTable.minuteAttribute(entry.seen().record().arrivedAt()), 1, Integer::sum);
            }
        }
        return minutes;
    }

    private void put(Group group, Map<String, Integer> minutes, String first, String last, String countedUpTo) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        names.put("#seq", OrderRateTable.sequenceAttribute(group.shard()));
        names.put("#exp", OrderRateTable.EXPIRES_AT);
        List<String> adds = new ArrayList<>();
        minutes.forEach((minute, count) -> {
            adds.add("#" + minute + " :" + minute);
            names.put("#" + minute, minute);
            values.put(":" + minute, AttributeValue.fromN(Integer.toString(count)));
        });
        values.put(":last", AttributeValue.fromS(last));
        values.put(":exp", AttributeValue.fromN(Long.toString(
                group.hour().plus(Duration.ofHours(1)).plus(retention).getEpochSecond())));
        String condition;
        if (countedUpTo == null) {
            condition = "attribute_not_exists(#seq) OR #seq < :first";
            values.put(":first", AttributeValue.fromS(first));
        } else {
            condition = "#seq = :mark";
            values.put(":mark", AttributeValue.fromS(countedUpTo));
        }
        dynamo.updateItem(u -> u.tableName(table)
                .key(Map.of(OrderRateTable.PARTITION_KEY, AttributeValue.fromS(OrderRateTable.hourKey(group.hour()))))
                .updateExpression("ADD " + String.join(", ", adds) + " SET #seq = :last, #exp = :exp")
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    private String countedUpTo(Group group) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of(OrderRateTable.PARTITION_KEY, AttributeValue.fromS(OrderRateTable.hourKey(group.hour()))))
                .projectionExpression("#seq")
                .expressionAttributeNames(Map.of("#seq", OrderRateTable.sequenceAttribute(group.shard())))).item();
        AttributeValue mark = item == null ? null : item.get(OrderRateTable.sequenceAttribute(group.shard()));
        return mark == null ? null : mark.s();
    }

    /** Lambda's event id is {@code shardId:sequenceNumber}. */
    private static String shard(StreamRecord record) {
        int colon = record.eventId().lastIndexOf(':');
        return colon > 0 ? record.eventId().substring(0, colon) : record.stream();
    }
}
