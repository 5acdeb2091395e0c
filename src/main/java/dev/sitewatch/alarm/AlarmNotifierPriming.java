package dev.sitewatch.alarm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SnapStart priming of the alarm-notifier package: builds its SDK clients at start rather than on the first event,
 * so that they are in the snapshot instead of in the first invocation after a restore. No request is made: nothing
 * fresh (a connection, credentials) is taken into the snapshot (ARCHITECTURE.md, SnapStart). Only in that package's
 * build: elsewhere (tests, dev mode, the API) the clients stay lazy.
 */
@ApplicationScoped
@IfBuildProfile("alarm-notifier")
class AlarmNotifierPriming {

    @Inject
    DynamoDbClient dynamo;

    @Inject
    KinesisClient kinesis;

    @Inject
    SnsClient sns;

    void buildClientsAtStart(@Observes StartupEvent event) {
        dynamo.serviceName();
        kinesis.serviceName();
        sns.serviceName();
    }
}
