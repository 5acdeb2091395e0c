package dev.sitewatch.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;

/**
 * SnapStart priming of the alarm-historian and database-migrator package: builds its SDK clients at start rather
 * than on the first event, so that they are in the snapshot instead of in the first invocation after a restore. No
 * request is made: nothing fresh (a connection, credentials) is taken into the snapshot (ARCHITECTURE.md,
 * SnapStart). Only in that package's build: elsewhere (tests, dev mode, the API) the clients stay lazy.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"alarm-historian", "database-migrator"})
class DatabasePriming {

    @Inject
    SecretsManagerCredentials credentials;

    void buildClientsAtStart(@Observes StartupEvent event) {
        credentials.buildClientIfConfigured();
    }
}
