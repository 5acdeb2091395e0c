package dev.sitewatch.database;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the app reaches its database ({@code sitewatch.database.*}): whether it has one, where its credentials come
 * from, and whether the connection must be TLS verified against a CA bundle. Locally and in dev mode the defaults
 * leave everything as it was: user and password from {@code quarkus.datasource.*}, no TLS.
 */
@ConfigMapping(prefix = "sitewatch.database")
public interface DatabaseConfig {

    /** {@code false} for functions without Aurora: no datasource, Hibernate or Flyway. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The Secrets Manager secret (ARN or name) holding the database user's {@code username} and {@code password} as
     * JSON, read at run time ({@link SecretsManagerCredentials}). Set on AWS only; unset, the datasource takes user
     * and password from its own configuration.
     */
    Optional<String> secretId();

    /** How long a secret read from Secrets Manager is used before it is read again (a rotation shows after this at the latest). */
    @WithDefault("5m")
    Duration secretCacheTtl();

    /** Tests only: the Secrets Manager endpoint (WireMock), with dummy credentials and region us-east-1. */
    Optional<String> secretsManagerEndpoint();

    /**
     * {@code true} on AWS: the JDBC URL must ask for {@code sslMode=verify-full} and name a CA bundle in
     * {@code serverSslCert} that exists; the app refuses to start otherwise ({@link DatabaseTls}).
     */
    @WithDefault("false")
    boolean tlsRequired();
}
