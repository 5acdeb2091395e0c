package dev.sitewatch.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sitewatch.history.AlarmRecord;

/** Totals, busiest hour, longest flood and last alarm of a range, each computed by the database. */
@ApplicationScoped
class AlarmSummaries {

    @Inject
    AlarmAggregates aggregates;

    @Inject
    AlarmHistory history;

    @Inject
    ApiConfig config;

    Summary summarize(Params.TimeRange range) {
        Map<String, Long> byType = new LinkedHashMap<>();
        long alarms = 0;
        long orders = 0;
        for (Object[] row : select("""
                SELECT alarm_type, COUNT(*), SUM(Number_of_orders) FROM logs_history
                WHERE alarm_creation_time >= ?1 AND alarm_creation_time < ?2
                GROUP BY alarm_type ORDER BY alarm_type""", range)) {
            byType.put((String) row[0], ((Number) row[1]).longValue());
            alarms += ((Number) row[1]).longValue();
            orders += ((Number) row[2]).longValue();
        }
        if (alarms == 0) {
            return new Summary(range.from(), range.to(), 0, 0, byType, null, null, null);
        }
        AlarmPage last = history.page(range.from(), range.to(), null, null, 1);
        return new Summary(range.from(), range.to(), alarms, orders, byType,
                aggregates.busiest(Bucket.HOUR, range, ZoneOffset.UTC), longestFlood(range),
                last.items().isEmpty() ? null : last.items().get(0));
    }

    /**
     * Numbers the floods of each type and key with window functions — a new flood starts where the previous alarm
     * is more than the flood gap away — and keeps the longest.
     */
    private Summary.Flood longestFlood(Params.TimeRange range) {
        List<Object[]> rows = select("""
                SELECT alarm_type, alarm_key, MIN(window_start), MAX(window_end), COUNT(*), MAX(Number_of_orders)
                FROM (
                    SELECT alarm_type, alarm_key, window_start, window_end, Number_of_orders,
                           SUM(new_flood) OVER (PARTITION BY alarm_type, alarm_key
                                                ORDER BY alarm_creation_time, id) AS flood_no
                    FROM (
                        SELECT id, alarm_type, alarm_key, window_start, window_end, alarm_creation_time, Number_of_orders,
                               CASE WHEN LAG(alarm_creation_time) OVER (PARTITION BY alarm_type, alarm_key
                                                                        ORDER BY alarm_creation_time, id)
                                         >= alarm_creation_time - INTERVAL ?3 SECOND
                                    THEN 0 ELSE 1 END AS new_flood
                        FROM logs_history
                        WHERE alarm_creation_time >= ?1 AND alarm_creation_time < ?2
                    ) numbered
                ) floods
                GROUP BY alarm_type, alarm_key, flood_no
                ORDER BY TIMESTAMPDIFF(MICROSECOND, MIN(window_start), MAX(window_end)) DESC, MIN(window_start)
                LIMIT 1""", range, config.floodGap().toSeconds());
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        Instant start = instant(row[2]);
        Instant end = instant(row[3]);
        return new Summary.Flood((String) row[0], (String) row[1], start, end, Duration.between(start, end).toSeconds(),
                ((Number) row[4]).longValue(), ((Number) row[5]).intValue());
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> select(String sql, Params.TimeRange range, Object... more) {
        var query = AlarmRecord.getEntityManager().createNativeQuery(sql, Object[].class)
                .setParameter(1, LocalDateTime.ofInstant(range.from(), ZoneOffset.UTC))
                .setParameter(2, LocalDateTime.ofInstant(range.to(), ZoneOffset.UTC));
        for (int i = 0; i < more.length; i++) {
            query.setParameter(3 + i, more[i]);
        }
        return query.getResultList();
    }

    private static Instant instant(Object value) {
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("Unexpected time value " + value);
    }
}
