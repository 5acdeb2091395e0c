package dev.sitewatch.check;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * SnapStart priming of the site-prober package: builds its SDK clients at start rather than on the first event, so
 * that they are in the snapshot instead of in the first invocation after a restore. No request is made: nothing
 * fresh (a connection, credentials) is taken into the snapshot (ARCHITECTURE.md, SnapStart). Only in that package's
 * build: elsewhere (tests, dev mode, the API) the clients stay lazy.
 */
@ApplicationScoped
@IfBuildProfile("site-prober")
class SiteProberPriming {

    @Inject
    DynamoDbClient dynamo;

    @Inject
    KinesisClient kinesis;

    void buildClientsAtStart(@Observes StartupEvent event) {
        dynamo.serviceName();
        kinesis.serviceName();
    }
}
