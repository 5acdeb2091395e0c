package dev.sitewatch.order;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sitewatch.kinesis.QuarantinedRecord;
import dev.sitewatch.kinesis.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the archiver keeps records that are not order lines: a DynamoDB table next to the orders, keyed by the
 * stream ({@code Source}) and the record's {@code EventId} ({@code shardId:sequenceNumber}), so a redelivered bad
 * record overwrites itself, and all bad records of a stream can be read back with one query.
 */
public final class QuarantineTable {

    public static final String PARTITION_KEY = "Source";
    public static final String SORT_KEY = "EventId";
    static final List<String> KEY = List.of(PARTITION_KEY, SORT_KEY);
    /** The raw text kept; the rest is cut (and flagged) so the item stays below DynamoDB's 400 KB. */
    static final int MAX_RAW_CHARS = 100_000;

    private QuarantineTable() {
    }

    static Map<String, AttributeValue> item(QuarantinedRecord quarantined) {
        StreamRecord record = quarantined.record();
        String raw = record.text();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(record.stream()));
        item.put(SORT_KEY, AttributeValue.fromS(record.eventId()));
        item.put("SequenceNumber", AttributeValue.fromS(record.sequenceNumber()));
        if (record.partitionKey() != null) {
            item.put("PartitionKey", AttributeValue.fromS(record.partitionKey()));
        }
        if (record.arrivedAt() != null) {
            item.put("ArrivedAt", AttributeValue.fromS(record.arrivedAt().toString()));
        }
        item.put("Reason", AttributeValue.fromS(quarantined.reason()));
        item.put("Handler", AttributeValue.fromS(quarantined.handler()));
        item.put("QuarantinedAt", AttributeValue.fromS(quarantined.quarantinedAt().toString()));
        if (!raw.isEmpty()) {
            item.put("Raw", AttributeValue.fromS(raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw));
        }
        item.put("RawTruncated", AttributeValue.fromBool(raw.length() > MAX_RAW_CHARS));
        return item;
    }
}
