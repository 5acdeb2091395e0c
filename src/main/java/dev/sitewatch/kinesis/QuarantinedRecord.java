package dev.sitewatch.kinesis;

import java.time.Instant;

/**
 * A record that can never be processed (not JSON, a required field missing, ...): kept with its raw text and why,
 * so nobody loses it, and so it stops blocking its shard.
 */
public record QuarantinedRecord(StreamRecord record, String reason, String handler, Instant quarantinedAt) {
}
