package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.DeadLetter;
import dev.sitewatch.kda.model.FloodEnd;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The Kinesis source of order lines and the Kinesis sinks of alarms, resolved notices and dead letters. */
public final class KinesisConnectors {

    static final long ALARM_MAX_BUFFER_MS = 100;

    /** The legacy consumer's key for the same setting, so that Managed Flink users find it where they know it. */
    public static final String GET_RECORDS_INTERVAL = "flink.shard.getrecords.intervalmillis";
    public static final long DEFAULT_GET_RECORDS_INTERVAL_MS = 300;

    private KinesisConnectors() {
    }

    /**
     * The order lines, each shard read at most once per {@value #DEFAULT_GET_RECORDS_INTERVAL_MS} ms unless
     * {@link #GET_RECORDS_INTERVAL} says otherwise: at most 3.3 of the 5 reads a second per shard that all consumers of
     * the stream share, leaving the order-archiver's once a second. The delay this adds to a record (at most the
     * interval) is absorbed by the watermark's lag of 500 ms.
     */
    public static PacedKinesisSource<RawRecord> orders(KinesisStream input) {
        Map<String, String> settings = new HashMap<>();
        input.clientProperties().forEach((k, v) -> settings.put((String) k, (String) v));
        Duration interval = Duration.ofMillis(Long.parseLong(
                settings.getOrDefault(GET_RECORDS_INTERVAL, String.valueOf(DEFAULT_GET_RECORDS_INTERVAL_MS))));
        return new PacedKinesisSource<>(input.streamArn(), Configuration.fromMap(settings),
                new KinesisRecordDeserializer(), interval);
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
