package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.AlarmType;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;

/**
 * Partition key of an alarm on {@code website-alarms}: the type, plus the key for per-key types. All alarms of one
 * flood, and its resolved notice ({@link ResolvedPartitionKey}), land on one shard, so the notifier reads them in
 * the order they were put; floods of different customers spread over the shards.
 */
public class AlarmPartitionKey implements PartitionKeyGenerator<Alarm> {

    private static final int MAX_LENGTH = 256; // Kinesis' limit on a partition key

    @Override
    public String apply(Alarm alarm) {
        return of(alarm.type(), alarm.key());
    }

    /** The partition key of everything on {@code website-alarms} about the flood of {@code type} and {@code key}. */
    static String of(AlarmType type, String key) {
        String partitionKey = type.perKey() ? type + ":" + key : type.name();
        return partitionKey.length() > MAX_LENGTH ? partitionKey.substring(0, MAX_LENGTH) : partitionKey;
    }
}
