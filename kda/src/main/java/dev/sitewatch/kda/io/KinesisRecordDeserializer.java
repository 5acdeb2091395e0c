package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;

/**
 * Keeps a Kinesis record as text with its approximate arrival time; parsing happens downstream, where a bad record
 * can become a dead letter instead of failing the source.
 */
public class KinesisRecordDeserializer implements KinesisDeserializationSchema<RawRecord> {

    @Override
    public void deserialize(Record record, String stream, String shardId, Collector<RawRecord> out) {
        out.collect(new RawRecord(
                new String(record.data().asByteArrayUnsafe(), StandardCharsets.UTF_8),
                record.approximateArrivalTimestamp().toEpochMilli(),
                shardId + "/" + record.sequenceNumber()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
