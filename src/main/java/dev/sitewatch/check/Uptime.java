package dev.sitewatch.check;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Uptime per local hour or day: the share of rounds that were up, and the p50 and p95 (nearest rank) of the total
 * time of the rounds that answered. Computed from the results in Java: a check has at most 1,440 rounds a day, so a
 * month is a few tens of thousands of small items.
 */
final class Uptime {

    enum Bucket { HOUR, DAY }

    /**
     * @param start      the bucket's first instant
     * @param localStart the same in the requested zone
     * @param uptime     percent of rounds up, 0 to 100
     * @param p50Ms      null when no round answered
     */
    record Row(Instant start, LocalDateTime localStart, int rounds, int up, double uptime, Integer p50Ms,
               Integer p95Ms) {
    }

    private Uptime() {
    }

    static List<Row> of(List<ResultView> results, Bucket bucket, ZoneId zone) {
        Map<Instant, List<ResultView>> buckets = new TreeMap<>();
        for (ResultView result : results) {
            buckets.computeIfAbsent(start(result.round(), bucket, zone), s -> new ArrayList<>()).add(result);
        }
        List<Row> rows = new ArrayList<>();
        buckets.forEach((start, in) -> {
            int up = (int) in.stream().filter(ResultView::up).count();
            int[] times = in.stream().filter(r -> r.status() > 0).mapToInt(r -> r.timings().totalMs()).sorted().toArray();
            rows.add(new Row(start, LocalDateTime.ofInstant(start, zone), in.size(), up,
                    Math.round(10_000.0 * up / in.size()) / 100.0,
                    times.length == 0 ? null : rank(times, 0.50), times.length == 0 ? null : rank(times, 0.95)));
        });
        return rows;
    }

    /** The start of the local hour or day that holds {@code instant}; where a day starts in a gap, where the gap ends. */
    static Instant start(Instant instant, Bucket bucket, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        return switch (bucket) {
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> local.toLocalDate().atStartOfDay(zone).toInstant();
        };
    }

    private static int rank(int[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
