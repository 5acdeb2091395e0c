package dev.sitewatch.order;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How the per-minute order counters are stored in DynamoDB ({@code SitewatchOrderRate}), the contract between the
 * order-archiver, which adds to them, and the dashboard, which reads them.
 * <ul>
 * <li>One item per UTC hour, partition key {@code Hour} = {@code 2026-11-25T14} (no sort key). The dashboard's six
 * hours are seven items, read with one {@code BatchGetItem}.</li>
 * <li>{@code M00} … {@code M59} (N): the orders that arrived in Kinesis in that minute of the hour (arrival time, as
 * the flood detector counts; cancellations left out unless {@code sitewatch.orders.rate.count-cancellations}). A
 * minute without orders has no attribute.</li>
 * <li>{@code Seq <shardId>} (S): the highest sequence number of that shard already counted in this hour, written as
 * {@code <3-digit length>:<digits>} so that DynamoDB's string order is the numeric order.</li>
 * <li>{@code ExpiresAt} (N, epoch seconds): TTL, the hour's end plus {@code sitewatch.orders.rate.retention}.</li>
 * </ul>
 */
public final class OrderRateTable {

    public static final String PARTITION_KEY = "Hour";
    public static final String EXPIRES_AT = "ExpiresAt";
    static final String SEQUENCE_PREFIX = "Seq ";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private OrderRateTable() {
    }

    /** The key of the item that holds {@code time}'s minute. */
    public static String hourKey(Instant time) {
        return HOUR.format(time);
    }

    /** The attribute that counts the orders of {@code time}'s minute, within its hour's item. */
    public static String minuteAttribute(Instant time) {
        return String.format(Locale.ROOT, "M%02d", time.atOffset(ZoneOffset.UTC).getMinute());
    }

    /** The start of the hour whose item holds {@code time}. */
    public static Instant hourOf(Instant time) {
        return time.truncatedTo(ChronoUnit.HOURS);
    }

    static String sequenceAttribute(String shardId) {
        return SEQUENCE_PREFIX + shardId;
    }

    /**
     * A Kinesis sequence number (decimal digits, up to 129 of them, no leading zeros) as a string whose
     * lexicographic order is the numbers' order.
     */
    static String ordered(String sequenceNumber) {
        if (sequenceNumber.isEmpty() || sequenceNumber.length() > 999
                || !sequenceNumber.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a Kinesis sequence number: " + sequenceNumber);
        }
        String digits = sequenceNumber.replaceFirst("^0+(?=.)", "");
        return String.format(Locale.ROOT, "%03d:%s", digits.length(), digits);
    }
}
