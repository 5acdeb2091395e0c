package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.DeadLetter;
import dev.sitewatch.kda.model.FloodEnd;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;

import java.util.HashMap;
import java.util.Map;

/** The Kinesis source of order lines and the Kinesis sinks of alarms, resolved notices and dead letters. */
public final class KinesisConnectors {

    static final long ALARM_MAX_BUFFER_MS = 100;

    private KinesisConnectors() {
    }

    public static KinesisStreamsSource<RawRecord> orders(KinesisStream input) {
        Map<String, String> settings = new HashMap<>();
        input.clientProperties().forEach((k, v) -> settings.put((String) k, (String) v));
        return KinesisStreamsSource.<RawRecord>builder()
                .setStreamArn(input.streamArn())
                .setSourceConfig(Configuration.fromMap(settings))
                .setDeserializationSchema(new KinesisRecordDeserializer())
                .build();
    }

    /**
     * Alarms are few and urgent: the async sink's default of holding records up to 5 s to fill a batch would be
     * most of an alarm's latency, so a batch goes out after at most {@link #ALARM_MAX_BUFFER_MS}.
     */
    public static KinesisStreamsSink<Alarm> alarms(KinesisStream output) {
        return KinesisStreamsSink.<Alarm>builder()
                .setMaxTimeInBufferMS(ALARM_MAX_BUFFER_MS)
                .setStreamArn(output.streamArn())
                .setKinesisClientProperties(output.clientProperties())
                .setSerializationSchema(new AlarmJson())
                .setPartitionKeyGenerator(new AlarmPartitionKey())
                .build();
    }

    /** A flood's resolved notice, on the alarms' stream and shard, as promptly as its alarms. */
    public static KinesisStreamsSink<FloodEnd> resolved(KinesisStream output) {
        return KinesisStreamsSink.<FloodEnd>builder()
                .setMaxTimeInBufferMS(ALARM_MAX_BUFFER_MS)
                .setStreamArn(output.streamArn())
                .setKinesisClientProperties(output.clientProperties())
                .setSerializationSchema(new ResolvedJson())
                .setPartitionKeyGenerator(new ResolvedPartitionKey())
                .build();
    }

    public static KinesisStreamsSink<DeadLetter> deadLetters(KinesisStream output) {
        return KinesisStreamsSink.<DeadLetter>builder()
                .setStreamArn(output.streamArn())
                .setKinesisClientProperties(output.clientProperties())
                .setSerializationSchema(new DeadLetterJson())
                // spread the DLQ evenly; nothing reads it in order
                .setPartitionKeyGenerator(letter -> Integer.toString(letter.payload().hashCode()))
                .build();
    }
}
