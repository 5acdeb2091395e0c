package dev.sitewatch.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import dev.sitewatch.history.AlarmRecord;

/**
 * Alarms per minute, hour, day or month, counted by the database, never by loading rows into Java: one statement
 * ({@link AggregateSql}) over the rollups kept by triggers (V2–V4) and the history's edges, or over the history alone
 * in zones the rollups cannot serve exactly. The zone decides where buckets begin; every alarm falls into the bucket of
 * its local time, in any zone.
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
        return new Aggregates.Entry(firstInstant(localStart, zone), localStart,
                ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), ((Number) row[3]).intValue());
    }

    /**
     * The first instant of the bucket that starts at {@code localStart}: in the hour the clocks go back, the earlier
     * one; where they jump over the start, the end of the jump. ({@code atZone} would move the start on by the jump's
     * length, into the next bucket when the jump begins inside this one: for Chatham's 02:45 → 03:45, hour 03:00
     * would start at 04:00 instead of 03:45.)
     */
    private static Instant firstInstant(LocalDateTime localStart, ZoneId zone) {
        ZoneOffsetTransition change = zone.getRules().getTransition(localStart);
        return change != null && change.isGap() ? change.getInstant() : localStart.atZone(zone).toInstant();
    }
}
