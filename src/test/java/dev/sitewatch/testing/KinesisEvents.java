package dev.sitewatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Kinesis events exactly as Lambda delivers them to a function: base64 data, and the arrival time as a float of
 * epoch seconds (the shape that broke older Quarkus versions, quarkusio/quarkus#16322).
 */
public final class KinesisEvents {

    public static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/website-orders";
    public static final String SHARD = "shardId-000000000000";

    private final List<String> records = new ArrayList<>();
    private final List<String> sequenceNumbers = new ArrayList<>();
    private final String streamArn;
    private long nextSequence;

    private KinesisEvents(String streamArn, long firstSequence) {
        this.streamArn = streamArn;
        this.nextSequence = firstSequence;
    }

    public static KinesisEvents batch() {
        return batch(STREAM_ARN, 1);
    }

    /** A batch whose sequence numbers start after {@code firstSequence} (each batch of a test its own range). */
    public static KinesisEvents batch(String streamArn, long firstSequence) {
        return new KinesisEvents(streamArn, firstSequence);
    }

    public KinesisEvents record(String data, Instant arrivedAt) {
        return record(data.getBytes(StandardCharsets.UTF_8), arrivedAt);
    }

    public KinesisEvents record(byte[] data, Instant arrivedAt) {
        String sequenceNumber = String.format(Locale.ROOT, "4959033827149025660855969253836157109592157598913%07d", nextSequence++);
        sequenceNumbers.add(sequenceNumber);
        String seconds = String.format(Locale.ROOT, "%d.%03d", arrivedAt.getEpochSecond(), arrivedAt.getNano() / 1_000_000);
        records.add("""
                {"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"pk-%d","sequenceNumber":"%s","data":"%s",\
                "approximateArrivalTimestamp":%s},"eventSource":"aws:kinesis","eventVersion":"1.0",\
                "eventID":"%s:%s","eventName":"aws:kinesis:record",\
                "invokeIdentityArn":"arn:aws:iam::123456789012:role/order-archiver","awsRegion":"us-east-1",\
                "eventSourceARN":"%s"}""".formatted(records.size(), sequenceNumber,
                Base64.getEncoder().encodeToString(data), seconds, SHARD, sequenceNumber, streamArn));
        return this;
    }

    public List<String> sequenceNumbers() {
        return List.copyOf(sequenceNumbers);
    }

    public String json() {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }
}
