package dev.sitewatch.kinesis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One Kinesis record as the services see it, free of Lambda's event classes.
 *
 * @param eventId        Lambda's {@code eventID}: {@code shardId:sequenceNumber}, unique within the stream
 * @param stream         the stream's name (from the event source ARN)
 * @param sequenceNumber what Lambda needs back in {@code batchItemFailures}
 * @param arrivedAt      Kinesis' approximate arrival time, or {@code null} when the event did not carry it
 * @param data           the payload exactly as the producer put it
 */
public record StreamRecord(String eventId, String stream, String sequenceNumber, String partitionKey,
                           Instant arrivedAt, byte[] data) {

    /** The payload as text; invalid UTF-8 turns into replacement characters rather than an exception. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
