package dev.sitewatch.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one SQL statement behind an aggregate, and the values of its named parameters. Hours, days and months add up
 * three parts of the range, each read from the coarsest table that covers it exactly:
 * <ul>
 *   <li>whole UTC hours from {@code alarm_rollup_hour} (V3), when every offset of the zone in the range is a whole
 *       number of hours, so that no local bucket begins inside a UTC hour; else whole UTC half hours from
 *       {@code alarm_rollup_half_hour} (V4), when every offset is a whole number of half hours (Asia/Kolkata);</li>
 *   <li>the remaining whole 15-minute slots from {@code alarm_rollup} (V2);</li>
 *   <li>the sub-slot edges from {@code logs_history} through its {@code alarm_creation_time} index.</li>
 * </ul>
 * Nested as {@code [from [slotFrom [coarseFrom, coarseTo) slotTo) to)}; a level without whole units inside is empty at
 * the end of the level around it. The slots are exact only where every offset of the zone in the range is a multiple
 * of 15 minutes and changes on a UTC quarter hour. Any other zone ({@code +00:57}, {@code -00:05:30}, Liberia's
 * -00:44:30 until 1972) and minutes read every alarm of the range from {@code logs_history} ({@link #plain}), which is
 * exact in every zone: each alarm is shifted by the offset at its own instant.
 *
 * <p>Named-zone support in MySQL needs time zone tables that Aurora has and a plain server may lack, so the query
 * shifts each UTC time by the zone's offset itself: the offsets and their change-over instants within the range come
 * from {@code java.time}'s zone rules and are written into the SQL as numbers and timestamps (nothing from the request
 * enters the SQL text). Rows are grouped by an integer key ({@code TO_SECONDS} arithmetic is about twice as cheap per
 * row as {@code DATE_FORMAT}); only each resulting bucket is formatted into its label ({@link Bucket#sqlFormat()}).
 */
record AggregateSql(String sql, Map<String, Object> parameters) {

    static final String BY_BUCKET = "bucket";
    static final long SLOT_SECONDS = 15 * 60;
    static final long HOUR_SECONDS = 60 * 60;
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    /** A rollup coarser than the 15-minute slots, usable where the zone's offsets are whole units of it. */
    enum Coarse {
        HOURS("alarm_rollup_hour", "hour_start", HOUR_SECONDS),
        HALF_HOURS("alarm_rollup_half_hour", "half_hour_start", HOUR_SECONDS / 2);

        final String table;
        final String column;
        final long seconds;

        Coarse(String table, String column, long seconds) {
            this.table = table;
            this.column = column;
            this.seconds = seconds;
        }

        /** The coarsest rollup whose units the zone's offsets and their changes keep to in the range, if any. */
        static Coarse fitting(ZoneId zone, Params.TimeRange range) {
            for (Coarse coarse : values()) {
                if (onWhole(zone, range, coarse.seconds)) {
                    return coarse;
                }
            }
            return null;
        }
    }

    /**
     * The range cut into its parts: {@code coarse} (rows of {@code rollup}) inside {@code slots} inside
     * {@code range}; {@code rollup} is null and {@code coarse} empty where no coarse rollup fits (zones at :45 such as
     * Asia/Kathmandu); both are empty for minutes and in zones off the slots' 15-minute grid.
     */
    record Levels(Params.TimeRange range, Params.TimeRange slots, Params.TimeRange coarse, Coarse rollup) {

        static Levels of(Bucket bucket, Params.TimeRange range, ZoneId zone) {
            if (bucket == Bucket.MINUTE || !onWhole(zone, range, SLOT_SECONDS)) {
                Params.TimeRange none = new Params.TimeRange(range.to(), range.to());
                return new Levels(range, none, none, null);
            }
            Params.TimeRange slots = whole(range, SLOT_SECONDS);
            Coarse rollup = Coarse.fitting(zone, range);
            Params.TimeRange coarse = rollup != null
                    ? whole(slots, rollup.seconds) : new Params.TimeRange(slots.to(), slots.to());
            return new Levels(range, slots, coarse, rollup);
        }
    }

    /**
     * The query for {@code bucket}; {@code type} null for all types. Rows: the bucket's label, alarms, orders,
     * largest order count, ordered by {@code orderBy} (over {@code bucket}, {@code alarms}, {@code orders}).
     */
    static AggregateSql of(Bucket bucket, Params.TimeRange range, String type, ZoneId zone, String orderBy, int limit) {
        Levels levels = Levels.of(bucket, range, zone);
        if (levels.slots().from().equals(levels.slots().to())) {
            return plain(bucket, range, type, zone, orderBy, limit);
        }
        return build(bucket, range, type, zone, orderBy, limit, levels);
    }

    /** The same query over {@code logs_history} alone, one row per alarm: exact in every zone. */
    static AggregateSql plain(Bucket bucket, Params.TimeRange range, String type, ZoneId zone, String orderBy, int limit) {
        return build(bucket, range, type, zone, orderBy, limit, null);
    }

    private static AggregateSql build(Bucket bucket, Params.TimeRange range, String type, ZoneId zone, String orderBy,
                                      int limit, Levels levels) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("from", utc(range.from()));
        parameters.put("to", utc(range.to()));
        String byType = "";
        if (type != null) {
            byType = " AND alarm_type = :type";
            parameters.put("type", type);
        }
        String history = "SELECT " + key("alarm_creation_time", bucket, zone, range)
                + " AS k, 1 AS alarms, Number_of_orders AS orders, Number_of_orders AS max_orders FROM logs_history WHERE ";
        String parts;
        if (levels == null) {
            parts = history + "alarm_creation_time >= :from AND alarm_creation_time < :to" + byType;
        } else {
            parameters.put("slotFrom", utc(levels.slots().from()));
            parameters.put("slotTo", utc(levels.slots().to()));
            parameters.put("coarseFrom", utc(levels.coarse().from()));
            parameters.put("coarseTo", utc(levels.coarse().to()));
            // a day or month holds many rollup rows: adding them up per bucket first keeps the union small
            boolean preSum = bucket != Bucket.HOUR;
            String coarse = levels.rollup() == null ? "" : rollup(levels.rollup().table, levels.rollup().column,
                    bucket, zone, range, preSum, levels.rollup().column + " >= :coarseFrom AND "
                            + levels.rollup().column + " < :coarseTo" + byType) + " UNION ALL ";
            parts = coarse + rollup("alarm_rollup", "slot_start", bucket, zone, range, preSum,
                    "((slot_start >= :slotFrom AND slot_start < :coarseFrom)"
                            + " OR (slot_start >= :coarseTo AND slot_start < :slotTo))" + byType)
                    + " UNION ALL " + history
                    + "((alarm_creation_time >= :from AND alarm_creation_time < :slotFrom)"
                    + " OR (alarm_creation_time >= :slotTo AND alarm_creation_time < :to))" + byType;
        }
        String sql = "SELECT " + label(bucket) + " AS bucket, SUM(alarms) AS alarms, SUM(orders) AS orders,"
                + " MAX(max_orders) AS max_orders FROM (" + parts + ") parts GROUP BY k ORDER BY " + orderBy
                + (limit < Integer.MAX_VALUE ? " LIMIT " + limit : "");
        return new AggregateSql(sql, parameters);
    }

    private static String rollup(String table, String column, Bucket bucket, ZoneId zone, Params.TimeRange range,
                                 boolean preSum, String where) {
        String key = key(column, bucket, zone, range) + " AS k, ";
        return preSum
                ? "SELECT " + key + "SUM(alarms) AS alarms, SUM(orders) AS orders, MAX(max_orders) AS max_orders FROM "
                        + table + " WHERE " + where + " GROUP BY k"
                : "SELECT " + key + "alarms, orders, max_orders FROM " + table + " WHERE " + where;
    }

    /**
     * The bucket of a UTC {@code column} as a number: local minutes, hours or days since year 0 ({@code TO_SECONDS}
     * plus the offset, divided), or the local {@code YYYYMM}.
     */
    private static String key(String column, Bucket bucket, ZoneId zone, Params.TimeRange range) {
        String offset = offsetSeconds(column, zone, range);
        return switch (bucket) {
            case MINUTE -> "(TO_SECONDS(" + column + ") + " + offset + ") DIV 60";
            case HOUR -> "(TO_SECONDS(" + column + ") + " + offset + ") DIV 3600";
            case DAY -> "(TO_SECONDS(" + column + ") + " + offset + ") DIV 86400";
            case MONTH -> "EXTRACT(YEAR_MONTH FROM DATE_ADD(" + column + ", INTERVAL " + offset + " SECOND))";
        };
    }

    /** The key {@code k} of {@link #key} back as a local time, formatted by {@link Bucket#sqlFormat()}. */
    private static String label(Bucket bucket) {
        String start = switch (bucket) {
            case MINUTE -> "FROM_DAYS(k DIV 1440) + INTERVAL (k MOD 1440) MINUTE";
            case HOUR -> "FROM_DAYS(k DIV 24) + INTERVAL (k MOD 24) HOUR";
            case DAY -> "FROM_DAYS(k)";
            case MONTH -> "MAKEDATE(k DIV 100, 1) + INTERVAL (k MOD 100 - 1) MONTH";
        };
        return "DATE_FORMAT(" + start + ", '" + bucket.sqlFormat() + "')";
    }

    /**
     * The whole {@code unit}-second periods (UTC-aligned) inside the range. Without any, both ends are the range's
     * end: the edges {@code [from, from')} and {@code [to', to)} then cover the range, the inner part nothing.
     */
    static Params.TimeRange whole(Params.TimeRange range, long unit) {
        long fromSecond = range.from().getEpochSecond() + (range.from().getNano() > 0 ? 1 : 0);
        long from = Math.floorDiv(fromSecond + unit - 1, unit) * unit;
        long to = Math.floorDiv(range.to().getEpochSecond(), unit) * unit;
        if (from >= to) {
            return new Params.TimeRange(range.to(), range.to());
        }
        return new Params.TimeRange(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to));
    }

    /**
     * Whether every offset of the zone in the range is a whole number of {@code unit} seconds and changes on a UTC
     * multiple of it: then no local hour, day or month begins inside a UTC unit.
     */
    static boolean onWhole(ZoneId zone, Params.TimeRange range, long unit) {
        if (zone.getRules().getOffset(range.from()).getTotalSeconds() % unit != 0) {
            return false;
        }
        for (ZoneOffsetTransition change : changes(zone, range)) {
            if (change.getOffsetAfter().getTotalSeconds() % unit != 0 || change.getInstant().getEpochSecond() % unit != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The SQL for "the zone's offset at {@code column}", in seconds: a constant, or a {@code CASE} over
     * the offset changes (daylight saving) inside the range.
     */
    static String offsetSeconds(String column, ZoneId zone, Params.TimeRange range) {
        List<ZoneOffsetTransition> changes = changes(zone, range);
        if (changes.isEmpty()) {
            return String.valueOf(zone.getRules().getOffset(range.from()).getTotalSeconds());
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (ZoneOffsetTransition change : changes) {
            sql.append(" WHEN ").append(column).append(" < '").append(SQL_TIME.format(utc(change.getInstant())))
                    .append("' THEN ").append(change.getOffsetBefore().getTotalSeconds());
        }
        return sql.append(" ELSE ").append(changes.get(changes.size() - 1).getOffsetAfter().getTotalSeconds())
                .append(" END").toString();
    }

    private static List<ZoneOffsetTransition> changes(ZoneId zone, Params.TimeRange range) {
        var rules = zone.getRules();
        List<ZoneOffsetTransition> changes = new ArrayList<>();
        for (ZoneOffsetTransition t = rules.nextTransition(range.from()); t != null && t.getInstant().isBefore(range.to());
             t = rules.nextTransition(t.getInstant())) {
            changes.add(t);
        }
        return changes;
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
