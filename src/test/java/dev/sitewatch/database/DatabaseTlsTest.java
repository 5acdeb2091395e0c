package dev.sitewatch.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sitewatch.local.LocalMariaDb;
import dev.sitewatch.testing.TestCertificates;

/**
 * Verified TLS to a MariaDB that, like the Aurora cluster with {@code require_secure_transport=ON}, takes nothing
 * else: certificates made by the test, the connection made as the app makes it ({@link SecretAwareDriver}, the CA
 * bundle named in the URL's {@code serverSslCert}).
 */
class DatabaseTlsTest {

    static final Path DIR = Path.of("target", "tls-test");
    static TestCertificates.Authority ca;
    static TestCertificates.Authority otherCa;
    static LocalMariaDb mariaDb;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.authority(DIR, "sitewatch");
        otherCa = TestCertificates.authority(DIR.resolve("other"), "other");
        TestCertificates.Server server = TestCertificates.server(ca);
        mariaDb = LocalMariaDb.startWithTls(0, new LocalMariaDb.Tls(server.certificate(), server.key(), ca.certificate()));
    }

    @AfterAll
    static void stop() {
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    private static String url(String options) {
        return mariaDb.jdbcUrl() + "?" + options;
    }

    private static Connection connect(String url) throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", mariaDb.user());
        info.setProperty("password", mariaDb.password());
        Connection connection = new SecretAwareDriver().connect(url, info);
        assertThat(connection).as("the driver takes %s", url).isNotNull();
        return connection;
    }

    private static String cipher(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            return rs.next() ? rs.getString(2) : "";
        }
    }

    @Test
    void verifyFullWithTheRightCaConnectsOverTls() throws Exception {
        try (Connection connection = connect(url("sslMode=verify-full&serverSslCert=" + ca.certificate().toAbsolutePath()))) {
            assertThat(cipher(connection)).as("TLS cipher of the session").isNotBlank();
        }
    }

    @Test
    void theBundleMayComeFromTheClasspathAsOnAws() throws Exception {
        Path classpath = DIR.resolve("classpath");
        Files.createDirectories(classpath.resolve("rds-ca"));
        Files.copy(ca.certificate(), classpath.resolve("rds-ca/global-bundle.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(loader);
            String url = url("sslMode=verify-full&serverSslCert=" + DatabaseTls.RDS_BUNDLE);
            DatabaseTls.check(url);
            try (Connection connection = connect(url)) {
                assertThat(cipher(connection)).isNotBlank();
            }
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void aPlainConnectionIsRefused() {
        assertThatThrownBy(() -> connect(url("sslMode=disable")).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("insecure transport");
        // the driver's default is no TLS at all
        assertThatThrownBy(() -> DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password()).close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefused() {
        assertThatThrownBy(() -> connect(url("sslMode=verify-full&serverSslCert=" + otherCa.certificate().toAbsolutePath())).close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage() + e.getCause()).containsIgnoringCase("certif"));
    }

    @Test
    void startIsRefusedWithoutVerifiedTlsOrWithoutTheBundle() {
        assertThatThrownBy(() -> DatabaseTls.check(mariaDb.jdbcUrl())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sslMode=verify-full");
        assertThatThrownBy(() -> DatabaseTls.check(url("sslMode=trust&serverSslCert=" + ca.certificate())))
                .hasMessageContaining("sslMode=verify-full");
        assertThatThrownBy(() -> DatabaseTls.check(url("sslMode=verify-full")))
                .hasMessageContaining("names no CA bundle");
        // the bundle the deploy steps add is not in this build (docs/deploy.md says how to add it)
        assertThatThrownBy(() -> DatabaseTls.check(url("sslMode=verify-full&serverSslCert=" + DatabaseTls.RDS_BUNDLE)))
                .hasMessageContaining("rds-ca/global-bundle.pem is missing").hasMessageContaining("docs/deploy.md");
        assertThatThrownBy(() -> DatabaseTls.check(url("sslMode=verify-full&serverSslCert=/nonexistent/bundle.pem")))
                .hasMessageContaining("is missing");
        DatabaseTls.check(url("sslMode=verify-full&serverSslCert=" + ca.certificate()));
    }
}
