package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.FloodEnd;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;

/** A resolved notice goes on the shard of its flood's alarms: the same key as {@link AlarmPartitionKey}. */
public class ResolvedPartitionKey implements PartitionKeyGenerator<FloodEnd> {

    @Override
    public String apply(FloodEnd end) {
        return AlarmPartitionKey.of(end.type(), end.key());
    }
}
