package dev.sitewatch.api;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import dev.sitewatch.history.AlarmRecord;

/**
 * Alarms per minute, hour, day or month, counted by the database, never by loading rows into Java: one statement
 * ({@link AggregateSql}) over the hourly and 15-minute rollups kept by triggers (V2, V3) and the history's edges.
 * The zone decides where buckets begin.
 */
@ApplicationScoped
class AlarmAggregates {

    Aggregates aggregate(Bucket bucket, Params.TimeRange range, String type, ZoneId zone) {
        List<Aggregates.Entry> entries = new ArrayList<>();
        for (Object[] row : rows(AggregateSql.of(bucket, range, type, zone, AggregateSql.BY_BUCKET, Integer.MAX_VALUE))) {
            entries.add(entry(bucket, zone, row));
        }
        return new Aggregates(bucket.lowerCaseName(), zone.getId(), range.from(), range.to(), type, entries);
    }

    /** The bucket with the most alarms (then the most orders, then the earliest), if any. */
    Aggregates.Entry busiest(Bucket bucket, Params.TimeRange range, ZoneId zone) {
        List<Object[]> rows = rows(AggregateSql.of(bucket, range, null, zone, "alarms DESC, orders DESC, bucket", 1));
        return rows.isEmpty() ? null : entry(bucket, zone, rows.get(0));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(AggregateSql sql) {
        Query query = AlarmRecord.getEntityManager().createNativeQuery(sql.sql(), Object[].class);
        sql.parameters().forEach(query::setParameter);
        return query.getResultList();
    }

    private static Aggregates.Entry entry(Bucket bucket, ZoneId zone, Object[] row) {
        LocalDateTime localStart = bucket.start((String) row[0]);
        return new Aggregates.Entry(localStart.atZone(zone).toInstant(), localStart,
                ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), ((Number) row[3]).intValue());
    }
}
