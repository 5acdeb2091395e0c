package dev.sitewatch.testing;

import java.util.HashMap;
import java.util.Map;

import dev.sitewatch.local.LocalAws;
import dev.sitewatch.local.LocalTables;
import dev.sitewatch.local.emulator.Dynalite;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB for tests: a real dynalite on a free port with the app's tables, started through the same launcher as dev
 * mode and the local run. Tests reach it through {@link #client()} and may stop and restart it to play an outage.
 */
public class DynamoDbResource implements QuarkusTestResourceLifecycleManager {

    public static final String ORDERS_TABLE = "WebsiteOrders";
    public static final String QUARANTINE_TABLE = "SitewatchQuarantine";
    public static final String LEDGER_TABLE = "SitewatchAlarmLedger";
    public static final String SILENCES_TABLE = "SitewatchSilences";
    public static final String ORDER_RATE_TABLE = "SitewatchOrderRate";
    public static final String CHECKS_TABLE = "SitewatchChecks";
    public static final String CHECK_RESULTS_TABLE = "SitewatchCheckResults";

    private static Dynalite dynalite;
    private static DynamoDbClient client;

    @Override
    public Map<String, String> start() {
        dynalite = Dynalite.start(0);
        client = LocalAws.dynamo(dynalite.endpoint());
        LocalTables.create(client, ORDERS_TABLE, QUARANTINE_TABLE, LEDGER_TABLE, SILENCES_TABLE);
        LocalTables.createOrderRate(client, ORDER_RATE_TABLE);
        LocalTables.createCheckTables(client, CHECKS_TABLE, CHECK_RESULTS_TABLE);
        return new HashMap<>(LocalAws.clientConfig("dynamodb", dynalite.endpoint()));
    }

    @Override
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    public static DynamoDbClient client() {
        return client;
    }

    /** Stops the emulator (its in-memory data is gone), as an outage would. */
    public static void stopDynamo() {
        dynalite.close();
    }

    /** Starts a fresh, empty emulator on the same port, with the tables. */
    public static void restartDynamo() {
        dynalite = Dynalite.start(dynalite.port());
        LocalTables.create(client, ORDERS_TABLE, QUARANTINE_TABLE, LEDGER_TABLE, SILENCES_TABLE);
        LocalTables.createOrderRate(client, ORDER_RATE_TABLE);
        LocalTables.createCheckTables(client, CHECKS_TABLE, CHECK_RESULTS_TABLE);
    }
}
