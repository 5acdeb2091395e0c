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
 * Alarms per minute, hour, day or month, counted by the database, never by loading rows into Java. Hours, days and
 * months read the 15-minute slots of {@code alarm_rollup} (kept by a trigger, see V2__alarm_rollup.sql) for the part
 * of the range that covers whole slots, and {@code logs_history} through its {@code alarm_creation_time} index for
 * the ragged edges; minutes read {@code logs_history} only. One {@code GROUP BY} adds the parts up.
 *
 * <p>The zone decides where buckets begin. Named-zone support in MySQL needs time zone tables that Aurora has and
 * a plain server may lack, so the query shifts each UTC time by the zone's offset itself: the offsets and their
 * change-over instants within the range come from {@code java.time}'s zone rules and are written into the SQL as
 * numbers and timestamps (nothing from the request enters the SQL text). All offsets in use are multiples of
 * 15 minutes, so a slot lies wholly inside one local bucket.
 */
@ApplicationScoped
class AlarmAggregates {

    static final String BY_BUCKET = "bucket";
    static final long SLOT_SECONDS = 15 * 60;
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    Aggregates aggregate(Bucket bucket, Params.TimeRange range, String type, ZoneId zone) {
        List<Aggregates.Entry> entries = new ArrayList<>();
        for (Object[] row : rows(bucket, range, type, zone, BY_BUCKET, Integer.MAX_VALUE)) {
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
        Params.TimeRange slots = slots(range);
        Query query = AlarmRecord.getEntityManager()
                .createNativeQuery(sql(bucket, range, type != null, zone, orderBy, limit), Object[].class)
                .setParameter("from", utc(range.from()))
                .setParameter("to", utc(range.to()));
        if (bucket != Bucket.MINUTE) {
            query.setParameter("slotFrom", utc(slots.from())).setParameter("slotTo", utc(slots.to()));
        }
        if (type != null) {
            query.setParameter("type", type);
        }
        return query.getResultList();
    }

    /**
     * The aggregate query. Parameters: {@code :from}, {@code :to}, and for hours and longer {@code :slotFrom} and
     * {@code :slotTo}, the whole slots inside (all UTC {@code DATETIME}s, see {@link #slots}); {@code :type} when
     * {@code byType}. The benchmark runs exactly this SQL.
     */
    static String sql(Bucket bucket, Params.TimeRange range, boolean byType, ZoneId zone, String orderBy, int limit) {
        String type = byType ? " AND alarm_type = :type" : "";
        String history = "SELECT " + bucketOf("alarm_creation_time", bucket, zone, range)
                + " AS bucket, 1 AS alarms, Number_of_orders AS orders, Number_of_orders AS max_orders"
                + " FROM logs_history WHERE ";
        String parts;
        if (bucket == Bucket.MINUTE) {
            parts = history + "alarm_creation_time >= :from AND alarm_creation_time < :to" + type;
        } else {
            parts = "SELECT " + bucketOf("slot_start", bucket, zone, range)
                    + " AS bucket, alarms, orders, max_orders FROM alarm_rollup"
                    + " WHERE slot_start >= :slotFrom AND slot_start < :slotTo" + type
                    + " UNION ALL " + history
                    + "((alarm_creation_time >= :from AND alarm_creation_time < :slotFrom)"
                    + " OR (alarm_creation_time >= :slotTo AND alarm_creation_time < :to))" + type;
        }
        return "SELECT bucket, SUM(alarms) AS alarms, SUM(orders) AS orders, MAX(max_orders) AS max_orders"
                + " FROM (" + parts + ") parts GROUP BY bucket ORDER BY " + orderBy
                + (limit < Integer.MAX_VALUE ? " LIMIT " + limit : "");
    }

    /**
     * The whole 15-minute slots inside the range. Without any, both ends are the range's end: the edges
     * {@code [from, slotFrom)} and {@code [slotTo, to)} then cover the range, the rollup part nothing.
     */
    static Params.TimeRange slots(Params.TimeRange range) {
        long from = Math.floorDiv(range.from().getEpochSecond() + SLOT_SECONDS - 1, SLOT_SECONDS) * SLOT_SECONDS;
        if (range.from().getNano() > 0 && range.from().getEpochSecond() % SLOT_SECONDS == 0) {
            from += SLOT_SECONDS;
        }
        long to = Math.floorDiv(range.to().getEpochSecond(), SLOT_SECONDS) * SLOT_SECONDS;
        if (from >= to) {
            return new Params.TimeRange(range.to(), range.to());
        }
        return new Params.TimeRange(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to));
    }

    private static String bucketOf(String column, Bucket bucket, ZoneId zone, Params.TimeRange range) {
        return "DATE_FORMAT(DATE_ADD(" + column + ", INTERVAL " + offsetSeconds(column, zone, range) + " SECOND), '"
                + bucket.sqlFormat() + "')";
    }

    private static Aggregates.Entry entry(Bucket bucket, ZoneId zone, Object[] row) {
        LocalDateTime localStart = bucket.start((String) row[0]);
        return new Aggregates.Entry(localStart.atZone(zone).toInstant(), localStart,
                ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), ((Number) row[3]).intValue());
    }

    /**
     * The SQL for "the zone's offset at {@code column}", in seconds: a constant, or a {@code CASE} over
     * the offset changes (daylight saving) inside the range.
     */
    static String offsetSeconds(String column, ZoneId zone, Params.TimeRange range) {
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
            sql.append(" WHEN ").append(column).append(" < '").append(SQL_TIME.format(utc(change.getInstant())))
                    .append("' THEN ").append(change.getOffsetBefore().getTotalSeconds());
        }
        return sql.append(" ELSE ").append(changes.get(changes.size() - 1).getOffsetAfter().getTotalSeconds())
                .append(" END").toString();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
