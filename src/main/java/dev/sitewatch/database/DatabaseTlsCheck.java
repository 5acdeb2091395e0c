package dev.sitewatch.database;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Where {@code sitewatch.database.tls-required} is true (the template sets it for every function and task with the
 * database), the app does not start unless its JDBC URL asks for a verified TLS connection to a CA bundle that is
 * there: a missing RDS bundle fails the deploy's first start with a message naming the fix, not the first alarm with
 * a TLS stack trace.
 */
@Singleton
class DatabaseTlsCheck {

    void onStart(@Observes StartupEvent start, DatabaseConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url) {
        if (config.enabled() && config.tlsRequired()) {
            DatabaseTls.check(url.orElseThrow(() -> new IllegalStateException(
                    "sitewatch.database.tls-required is true, but quarkus.datasource.jdbc.url is not set")));
        }
    }
}
