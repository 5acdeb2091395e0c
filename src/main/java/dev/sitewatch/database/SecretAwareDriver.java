package dev.sitewatch.database;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * MariaDB Connector/J with two additions, for the datasource's new physical connections (Agroal calls
 * {@link #connect} for each, with the user and password the credentials provider gave it for that connection):
 * <ul>
 * <li>After the database refused the password (error 1045), the secret is read again from Secrets Manager at once
 * and, if it changed (a rotation), the connection is tried once more with it; so a rotated password costs one
 * refused login, not a failed batch. Agroal offers no hook for a failed connection (its pool interceptors see only
 * connections that were made, its only listener is Quarkus' logger), so the driver is where the failure is seen.</li>
 * <li>{@code serverSslCert=classpath:...} is read from the classpath ({@link DatabaseTls#resolve}).</li>
 * </ul>
 * Never registered with {@link java.sql.DriverManager}: only the datasource that names it
 * ({@code quarkus.datasource.jdbc.driver}) uses it. Without a secret (locally) it only delegates.
 */
@RegisterForReflection
public class SecretAwareDriver implements Driver {

    private final Driver mariadb = new org.mariadb.jdbc.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        DatabaseTls.Target target;
        try {
            target = DatabaseTls.resolve(url, info);
        } catch (IllegalStateException e) {
            throw new SQLException(e.getMessage(), "08000", e);
        }
        try {
            return mariadb.connect(target.url(), target.info());
        } catch (SQLException refused) {
            if (!AuthenticationFailure.is(refused)) {
                throw refused;
            }
            Optional<Properties> renewed = renewedCredentials(target.info());
            if (renewed.isEmpty()) {
                throw refused;
            }
            try {
                return mariadb.connect(target.url(), renewed.get());
            } catch (SQLException again) {
                again.addSuppressed(refused);
                throw again;
            }
        }
    }

    /** The properties with the secret's current user and password, if a secret is in use and it has changed. */
    private static Optional<Properties> renewedCredentials(Properties info) {
        ArcContainer container = Arc.container();
        if (container == null) {
            return Optional.empty();
        }
        InstanceHandle<SecretsManagerCredentials> handle = container.instance(SecretsManagerCredentials.class);
        if (!handle.isAvailable()) {
            return Optional.empty();
        }
        SecretsManagerCredentials credentials = handle.get();
        Optional<String> secretId = credentials.datasourceSecretId();
        if (secretId.isEmpty()) {
            return Optional.empty();
        }
        credentials.forget();
        DatabaseSecret current = credentials.current(secretId.get());
        if (current.username().equals(info.getProperty("user")) && current.password().equals(info.getProperty("password"))) {
            return Optional.empty(); // the secret has not changed (yet): nothing better to try
        }
        org.jboss.logging.Logger.getLogger(SecretAwareDriver.class).infof("The database refused the password; secret %s"
                + " has changed since it was read (rotated): connecting again with its current version", secretId.get());
        Properties renewed = new Properties();
        renewed.putAll(info);
        renewed.setProperty("user", current.username());
        renewed.setProperty("password", current.password());
        return Optional.of(renewed);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return mariadb.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return mariadb.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return mariadb.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return mariadb.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return mariadb.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return mariadb.getParentLogger();
    }
}
