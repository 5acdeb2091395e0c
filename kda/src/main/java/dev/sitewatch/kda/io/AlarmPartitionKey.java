package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.Alarm;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;

/**
 * Partition key of an alarm on {@code website-alarms}: the type, plus the key for per-key types. All alarms of one
 * flood land on one shard, so the notifier reads them in the order they were raised; floods of different
 * customers spread over the shards.
 */
public class AlarmPartitionKey implements PartitionKeyGenerator<Alarm> {

    private static final int MAX_LENGTH = 256; // Kinesis' limit on a partition key

    @Override
    public String apply(Alarm alarm) {
        String key = alarm.type().perKey() ? alarm.type() + ":" + alarm.key() : alarm.type().name();
        return key.length() > MAX_LENGTH ? key.substring(0, MAX_LENGTH) : key;
    }
}
