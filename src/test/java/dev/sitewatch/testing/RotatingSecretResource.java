package dev.sitewatch.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.sitewatch.local.LocalMariaDb;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A database user whose password lives in Secrets Manager (WireMock serving the secret), as on AWS: a database and a
 * user of their own on {@link MariaDbResource}'s server, and the app's datasource pointed at them with
 * {@code sitewatch.database.secret-id}. The configured password is wrong on purpose: only the secret's can connect.
 * Tests rotate the password with {@link #rotate()}.
 */
public class RotatingSecretResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "rotation_logs";
    public static final String USER = "rotation_writer";
    public static final String SECRET_ID = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sitewatch/aurora/writer-AbCdEf";

    private static SecretsManagerStub secrets;
    private static String password;

    @Override
    public Map<String, String> start() {
        secrets = SecretsManagerStub.start();
        password = newPassword();
        LocalMariaDb mariaDb = MariaDbResource.mariaDb();
        try (Connection admin = mariaDb.adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
            sql.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            sql.execute("CREATE OR REPLACE USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "'");
            sql.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'%'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the rotating user", e);
        }
        secrets.serve(SECRET_ID, USER, password);
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:mariadb://127.0.0.1:" + mariaDb.port() + "/" + DATABASE,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", "not-the-password-only-the-secret-has-it",
                "sitewatch.database.secret-id", SECRET_ID,
                "sitewatch.database.secrets-manager-endpoint", secrets.endpoint());
    }

    /**
     * What a rotation does to a running app: the user's password changes on the server, the secret's current
     * version holds the new one, and the user's open connections end (as after a failover, or wait_timeout).
     *
     * @return how many connections were killed
     */
    public static int rotate() throws SQLException {
        password = newPassword();
        List<Long> killed = new ArrayList<>();
        try (Connection admin = MariaDbResource.mariaDb().adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("ALTER USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "'");
            secrets.serve(SECRET_ID, USER, password);
            try (ResultSet rs = sql.executeQuery(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + USER + "'")) {
                while (rs.next()) {
                    killed.add(rs.getLong(1));
                }
            }
            for (long id : killed) {
                sql.execute("KILL CONNECTION " + id);
            }
        }
        return killed.size();
    }

    public static SecretsManagerStub secrets() {
        return secrets;
    }

    private static String newPassword() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void stop() {
        if (secrets != null) {
            secrets.close();
        }
    }

    @Override
    public int order() {
        return 100; // after MariaDbResource, whose server this uses and whose datasource settings this overrides
    }
}
