package dev.sitewatch.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alarms per bucket worked out in plain Java, one alarm at a time, from its local time in the zone: what
 * {@code GET /alarms/aggregates} must answer. A bucket is a local minute, hour, day or month; the hour that repeats when
 * the clocks go back is one bucket, starting at its first instant.
 */
final class ExpectedAggregates {

    private ExpectedAggregates() {
    }

    static List<Aggregates.Entry> of(List<AlarmRows.Alarm> alarms, Bucket bucket, ZoneId zone, Params.TimeRange range,
                                     String type) {
        Map<LocalDateTime, long[]> buckets = new TreeMap<>();
        for (AlarmRows.Alarm alarm : alarms) {
            boolean inRange = !alarm.time().isBefore(range.from()) && alarm.time().isBefore(range.to());
            if (inRange && (type == null || type.equals(alarm.type()))) {
                long[] sums = buckets.computeIfAbsent(localStart(bucket, LocalDateTime.ofInstant(alarm.time(), zone)),
                        start -> new long[3]);
                sums[0]++;
                sums[1] += alarm.orders();
                sums[2] = Math.max(sums[2], alarm.orders());
            }
        }
        List<Aggregates.Entry> entries = new ArrayList<>();
        buckets.forEach((start, sums) -> entries.add(new Aggregates.Entry(firstInstant(start, zone), start, sums[0],
                sums[1], (int) sums[2])));
        return entries;
    }

    private static LocalDateTime localStart(Bucket bucket, LocalDateTime local) {
        return switch (bucket) {
            case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
            case DAY -> local.toLocalDate().atStartOfDay();
            case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay();
        };
    }

    /** The earliest instant on the clock at or after {@code local}: a start skipped by the clocks begins after the gap. */
    private static Instant firstInstant(LocalDateTime local, ZoneId zone) {
        var rules = zone.getRules();
        var offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            var gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0));
    }
}
