package dev.sitewatch.kinesis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

/**
 * What became of one batch: how many records were done, quarantined, and which must be retried. Lambda restarts a
 * shard from the lowest failed sequence number, so reporting every failed record (never the whole batch for one,
 * never an empty identifier) is both safe and enough.
 */
public record BatchOutcome(int done, int quarantined, List<String> failedSequenceNumbers) {

    public BatchOutcome {
        failedSequenceNumbers = List.copyOf(failedSequenceNumbers);
    }

    public StreamsEventResponse toResponse() {
        return StreamsEventResponse.builder()
                .withBatchItemFailures(failedSequenceNumbers.stream()
                        .map(sequenceNumber -> StreamsEventResponse.BatchItemFailure.builder()
                                .withItemIdentifier(sequenceNumber).build())
                        .toList())
                .build();
    }

    /** Collects the outcome record by record; a record counts once, under its worst outcome. */
    public static final class Builder {
        private final Set<String> done = new LinkedHashSet<>();
        private final Set<String> quarantined = new LinkedHashSet<>();
        private final Set<String> failed = new LinkedHashSet<>();

        public Builder done(StreamRecord record) {
            done.add(record.sequenceNumber());
            return this;
        }

        public Builder quarantined(StreamRecord record) {
            quarantined.add(record.sequenceNumber());
            return this;
        }

        public Builder failed(StreamRecord record) {
            failed.add(record.sequenceNumber());
            return this;
        }

        public BatchOutcome build() {
            done.removeAll(failed);
            quarantined.removeAll(failed);
            done.removeAll(quarantined);
            return new BatchOutcome(done.size(), quarantined.size(), List.copyOf(failed));
        }
    }
}
