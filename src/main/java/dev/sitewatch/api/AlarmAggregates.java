package dev.sitewatch.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import dev.sitewatch.alarm.AlarmRecord;

/**
 * Alarms per minute, hour, day or month, counted by the database: one {@code GROUP BY} over the range of the
 * {@code alarm_creation_time} index (or {@code (alarm_type, alarm_creation_time)} with a type), never rows loaded
 * into Java.
 *
 * <p>The zone decides where buckets begin. Named-zone support in MySQL needs time zone tables that Aurora has and
 * a plain server may lack, so the query shifts each UTC time by the zone's offset itself: the offsets and their
 * change-over instants within the range come from {@code java.time}'s zone rules and are written into the SQL as
 * numbers and timestamps (nothing from the request enters the SQL text).
 */
@ApplicationScoped
class AlarmAggregates {

    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    Aggregates aggregate(Bucket bucket, Params.TimeRange range, String type, ZoneId zone) {
        List<Aggregates.Entry> entries = new ArrayList<>();
        for (Object[] row : rows(bucket, range, type, zone, "bucket", Integer.MAX_VALUE)) {
            entries.add(entry(bucket, zone, row));
        }
        return new Aggregates(bucket.lowerCaseName(), zone.getId(), range.from(), range.to(), type, entries);
    }

    /** The bucket with the most alarms (then the most orders, then the earliest), if any. */
    Aggregates.Entry busiest(Bucket bucket, Params.TimeRange range, ZoneId zone) {
        List<Object[]> rows = rows(bucket, range, null, zone, "alarms DESC, orders DESC, bucket", 1);
        return rows.isEmpty() ? null : entry(bucket, zone, rows.get(0));
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(Bucket bucket, Params.TimeRange range, String type, ZoneId zone, String orderBy,
                                int limit) {
        String sql = "SELECT DATE_FORMAT(DATE_ADD(alarm_creation_time, INTERVAL " + offsetSeconds(zone, range)
                + " SECOND), '" + bucket.sqlFormat() + "') AS bucket,"
                + " COUNT(*) AS alarms, SUM(Number_of_orders) AS orders, MAX(Number_of_orders) AS max_orders"
                + " FROM logs_history"
                + " WHERE alarm_creation_time >= ?1 AND alarm_creation_time < ?2"
                + (type != null ? " AND alarm_type = ?3" : "")
                + " GROUP BY bucket ORDER BY " + orderBy
                + (limit < Integer.MAX_VALUE ? " LIMIT " + limit : "");
        Query query = AlarmRecord.getEntityManager().createNativeQuery(sql, Object[].class)
                .setParameter(1, utc(range.from()))
                .setParameter(2, utc(range.to()));
        if (type != null) {
            query.setParameter(3, type);
        }
        return query.getResultList();
    }

    private static Aggregates.Entry entry(Bucket bucket, ZoneId zone, Object[] row) {
        LocalDateTime localStart = bucket.start((String) row[0]);
        return new Aggregates.Entry(localStart.atZone(zone).toInstant(), localStart,
                ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), ((Number) row[3]).intValue());
    }

    /**
     * The SQL for "the zone's offset at {@code alarm_creation_time}", in seconds: a constant, or a {@code CASE} over
     * the offset changes (daylight saving) inside the range.
     */
    static String offsetSeconds(ZoneId zone, Params.TimeRange range) {
        var rules = zone.getRules();
        List<ZoneOffsetTransition> changes = new ArrayList<>();
        for (ZoneOffsetTransition t = rules.nextTransition(range.from()); t != null && t.getInstant().isBefore(range.to());
             t = rules.nextTransition(t.getInstant())) {
            changes.add(t);
        }
        if (changes.isEmpty()) {
            return String.valueOf(rules.getOffset(range.from()).getTotalSeconds());
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (ZoneOffsetTransition change : changes) {
            sql.append(" WHEN alarm_creation_time < '").append(SQL_TIME.format(utc(change.getInstant())))
                    .append("' THEN ").append(change.getOffsetBefore().getTotalSeconds());
        }
        return sql.append(" ELSE ").append(changes.get(changes.size() - 1).getOffsetAfter().getTotalSeconds())
                .append(" END").toString();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
