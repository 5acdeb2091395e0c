package dev.sitewatch.api;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sitewatch.history.AlarmRecord;

/** Totals, busiest hour, longest flood (of the episodes) and last alarm of a range, each computed by the database. */
@ApplicationScoped
class AlarmSummaries {

    @Inject
    AlarmAggregates aggregates;

    @Inject
    AlarmHistory history;

    @Inject
    FloodHistory floods;

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
                aggregates.busiest(Bucket.HOUR, range, ZoneOffset.UTC), floods.longest(range).orElse(null),
                last.items().isEmpty() ? null : last.items().get(0));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> select(String sql, Params.TimeRange range, Object... more) {
        var query = AlarmRecord.getEntityManager().createNativeQuery(sql, Object[].class)
                .setParameter(1, SqlTimes.timestamp(range.from()))
                .setParameter(2, SqlTimes.timestamp(range.to()));
        for (int i = 0; i < more.length; i++) {
            query.setParameter(3 + i, more[i]);
        }
        return query.getResultList();
    }
}
