package dev.sitewatch.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

import dev.sitewatch.database.SecretsManagerCredentials;
import io.agroal.api.AgroalDataSource;

/**
 * The deploy-time database step, run with the migration owner's credentials (the master secret): the schema by
 * Flyway, then the application users and their grants ({@link DatabaseUsers}), each user's password read from its
 * own secret. On AWS the historian and the API run no migrations of their own (their users may not change the
 * schema); locally and in dev mode they still migrate at start.
 */
@ApplicationScoped
class DatabaseMigration {

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class);

    /** What the step did. */
    record Result(String schemaVersion, int migrationsApplied, List<String> users) {
    }

    // Instance: functions without the database (whose Flyway and datasource are inactive) must start with this bean
    // in the package; Quarkus' Flyway creates every injected Flyway at start, active or not
    @Inject
    Instance<Flyway> flyway;

    @Inject
    Instance<AgroalDataSource> dataSource;

    @Inject
    SecretsManagerCredentials secrets;

    Result run(String writerSecretId, String readerSecretId) throws SQLException {
        List<DatabaseUsers.User> users = List.of(
                new DatabaseUsers.User(DatabaseUsers.Role.WRITER, secrets.read(writerSecretId)),
                new DatabaseUsers.User(DatabaseUsers.Role.READER, secrets.read(readerSecretId)));
        Flyway schema = flyway.get();
        MigrateResult migrated = schema.migrate();
        try (Connection owner = dataSource.get().getConnection()) {
            DatabaseUsers.sync(owner, users);
        }
        String version = schema.info().current() == null ? "none" : schema.info().current().getVersion().getVersion();
        List<String> names = users.stream().map(u -> u.role() + "=" + u.secret().username()).toList();
        LOG.infof("Database at schema version %s (%d migrations applied now); users %s in place", version,
                migrated.migrationsExecuted, names);
        return new Result(version, migrated.migrationsExecuted, names);
    }
}
