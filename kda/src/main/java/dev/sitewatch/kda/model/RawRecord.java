package dev.sitewatch.kda.model;

/**
 * One Kinesis record as it came off {@code website-orders}, before parsing: the payload as text, the record's
 * approximate arrival time in Kinesis (the job's event time, as {@code ROWTIME} was in the legacy KDA SQL) and
 * where it came from, so a dead letter can be traced back to its shard and sequence number.
 */
public record RawRecord(String payload, long arrivalTime, String origin) {
}
