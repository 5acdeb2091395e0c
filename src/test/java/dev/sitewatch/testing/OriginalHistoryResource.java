package dev.sitewatch.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import dev.sitewatch.local.LocalMariaDb;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A database as the original design left it: {@code logs_history} with its two columns and a few alarms, no Flyway
 * history. Starts after {@link MariaDbResource} (same server), sets the database up as the server's admin (the app
 * user may use {@code logs} only) and points the app's datasource at it with a user of its own.
 */
public class OriginalHistoryResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "original_logs";
    static final String USER = "original_app";
    private static final String PASSWORD = UUID.randomUUID().toString();

    @Override
    public Map<String, String> start() {
        LocalMariaDb mariaDb = MariaDbResource.mariaDb();
        try (Connection connection = mariaDb.adminConnection(); Statement sql = connection.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
            sql.execute("CREATE DATABASE " + DATABASE); // the server's default character set, as it was then
            sql.execute("CREATE OR REPLACE USER '" + USER + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "'");
            sql.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'localhost'");
            sql.execute("USE " + DATABASE);
            // the write-up's statement, as it was run
            sql.execute("create table logs_history( alarm_creation_time datetime, Number_of_orders int )");
            sql.execute("""
                    INSERT INTO logs_history VALUES
                        ('2025-03-01 10:05:00', 42), ('2025-03-01 10:40:10', 35), ('2025-03-02 23:59:59', 31),
                        ('2025-03-03 08:00:00', NULL), (NULL, 77)""");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the original database", e);
        }
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:mariadb://127.0.0.1:" + mariaDb.port() + "/" + DATABASE,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }

    @Override
    public void stop() {
    }

    @Override
    public int order() {
        return 100; // after MariaDbResource, whose server this uses and whose URL this overrides
    }
}
