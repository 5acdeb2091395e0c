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
 * @param longestFlood the longest flood that started in the range (an open one counts up to now); {@code null} if none
 * @param lastAlarm    the newest alarm of the range; {@code null} without alarms
 */
public record Summary(Instant from, Instant to, long alarms, long orders, Map<String, Long> byType,
                      Aggregates.Entry busiestHour, FloodView longestFlood, AlarmView lastAlarm) {
}
