package dev.sitewatch.api;

import java.time.Instant;
import java.util.Map;

/**
 * The history of a range at a glance.
 *
 * @param alarms       number of alarms
 * @param orders       sum of their order counts
 * @param byType       alarms per type
 * @param busiestHour  the UTC hour with the most alarms (then the most orders); {@code null} without alarms
 * @param longestFlood the longest run of alarms of one type and key; {@code null} without alarms
 * @param lastAlarm    the newest alarm of the range; {@code null} without alarms
 */
public record Summary(Instant from, Instant to, long alarms, long orders, Map<String, Long> byType,
                      Aggregates.Entry busiestHour, Flood longestFlood, AlarmView lastAlarm) {

    /**
     * Alarms of one type and key that followed each other closely ({@code sitewatch.api.flood-gap}): one flood,
     * from the first alarm's window start to the last alarm's window end (cut at the range's edges).
     */
    public record Flood(String type, String key, Instant start, Instant end, long seconds, long alarms, int maxOrders) {
    }
}
