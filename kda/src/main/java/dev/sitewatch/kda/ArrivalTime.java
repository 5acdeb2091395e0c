package dev.sitewatch.kda;

import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/** Event time is the record's arrival time in Kinesis, as ROWTIME was in the legacy KDA SQL. */
public class ArrivalTime implements SerializableTimestampAssigner<RawRecord> {

    @Override
    public long extractTimestamp(RawRecord record, long recordTimestamp) {
        return record.arrivalTime();
    }
}
