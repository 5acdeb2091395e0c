package dev.sitewatch.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Alarms per bucket. Buckets without alarms are left out.
 *
 * @param tz where days and months begin (IANA zone)
 */
public record Aggregates(String bucket, String tz, Instant from, Instant to, String type, List<Entry> buckets) {

    /**
     * One bucket.
     *
     * @param start      the bucket's start (UTC)
     * @param localStart the same moment on the clock of {@code tz}
     * @param alarms     number of alarms
     * @param orders     sum of their order counts ({@code Number_of_orders})
     * @param maxOrders  the largest order count of one alarm
     */
    public record Entry(Instant start, LocalDateTime localStart, long alarms, long orders, int maxOrders) {
    }
}
