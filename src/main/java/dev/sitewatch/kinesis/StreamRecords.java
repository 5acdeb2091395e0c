package dev.sitewatch.kinesis;

import java.nio.ByteBuffer;
import java.util.List;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;

/** Turns Lambda's {@link KinesisEvent} into {@link StreamRecord}s. */
public final class StreamRecords {

    private StreamRecords() {
    }

    public static List<StreamRecord> of(KinesisEvent event) {
        if (event == null || event.getRecords() == null) {
            return List.of();
        }
        return event.getRecords().stream().map(StreamRecords::of).toList();
    }

    static StreamRecord of(KinesisEvent.KinesisEventRecord record) {
        KinesisEvent.Record kinesis = record.getKinesis();
        if (kinesis == null || kinesis.getSequenceNumber() == null || kinesis.getSequenceNumber().isBlank()) {
            // Without a sequence number the record can be neither reported nor skipped safely: fail the invocation
            // so Lambda retries the batch instead of losing it.
            throw new IllegalArgumentException("Kinesis record without a sequence number: " + record.getEventID());
        }
        return new StreamRecord(
                record.getEventID() != null ? record.getEventID() : kinesis.getSequenceNumber(),
                streamName(record.getEventSourceARN()),
                kinesis.getSequenceNumber(),
                kinesis.getPartitionKey(),
                kinesis.getApproximateArrivalTimestamp() != null ? kinesis.getApproximateArrivalTimestamp().toInstant() : null,
                bytes(kinesis.getData()));
    }

    /** {@code arn:aws:kinesis:eu-west-1:123456789012:stream/website-orders} → {@code website-orders}. */
    static String streamName(String eventSourceArn) {
        if (eventSourceArn == null || eventSourceArn.isBlank()) {
            return "unknown";
        }
        int slash = eventSourceArn.lastIndexOf('/');
        return slash >= 0 ? eventSourceArn.substring(slash + 1) : eventSourceArn;
    }

    private static byte[] bytes(ByteBuffer data) {
        if (data == null) {
            return new byte[0];
        }
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
