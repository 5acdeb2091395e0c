package dev.sitewatch.local;

import java.util.ArrayList;
import java.util.List;

import dev.sitewatch.alarm.NotificationLedger;
import dev.sitewatch.check.CheckStore;
import dev.sitewatch.check.ResultStore;
import dev.sitewatch.order.OrderItem;
import dev.sitewatch.order.OrderRateTable;
import dev.sitewatch.order.QuarantineTable;
import dev.sitewatch.silence.SilenceStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The DynamoDB tables as the deployment creates them on AWS, created in the emulator. */
public final class LocalTables {

    private LocalTables() {
    }

    public static void create(DynamoDbClient dynamo, String ordersTable, String quarantineTable, String ledgerTable,
                              String silencesTable) {
        createTable(dynamo, ordersTable, OrderItem.PARTITION_KEY, OrderItem.SORT_KEY);
        createTable(dynamo, quarantineTable, QuarantineTable.PARTITION_KEY, QuarantineTable.SORT_KEY);
        // The ledger's and the silences' items expire by TTL on AWS (template.yaml); dynalite has no TTL, and nothing
        // locally needs it (an ended silence mutes nothing whether its item is there or not).
        createTable(dynamo, ledgerTable, NotificationLedger.PARTITION_KEY, null);
        createTable(dynamo, silencesTable, SilenceStore.PARTITION_KEY, null);
    }

    /** The order-archiver's per-minute counters, which the dashboard reads (TTL on AWS only, as above). */
    public static void createOrderRate(DynamoDbClient dynamo, String table) {
        createTable(dynamo, table, OrderRateTable.PARTITION_KEY, null);
    }

    /**
     * The site checks' tables: definitions and prober state (key {@code CheckId}), and results (keys {@code CheckId},
     * {@code RoundAt} as a number). The results expire by TTL on AWS; dynalite has no TTL (UpdateTimeToLive is not
     * implemented), so locally they stay while the emulator runs, and nothing depends on their expiry.
     */
    public static void createCheckTables(DynamoDbClient dynamo, String checksTable, String resultsTable) {
        createTable(dynamo, checksTable, CheckStore.PARTITION_KEY, null);
        try {
            dynamo.createTable(b -> b.tableName(resultsTable).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(ResultStore.PARTITION_KEY)
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(ResultStore.SORT_KEY)
                                    .attributeType(ScalarAttributeType.N).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(ResultStore.PARTITION_KEY).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(ResultStore.SORT_KEY).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            // a second start against the same emulator
        }
    }

    /** A table with string keys; {@code sortKey} may be null. */
    public static void createTable(DynamoDbClient dynamo, String table, String partitionKey, String sortKey) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attributes.add(AttributeDefinition.builder().attributeName(partitionKey).attributeType(ScalarAttributeType.S).build());
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        if (sortKey != null) {
            attributes.add(AttributeDefinition.builder().attributeName(sortKey).attributeType(ScalarAttributeType.S).build());
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
        }
        try {
            dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes).keySchema(keys));
        } catch (ResourceInUseException alreadyThere) {
            // a second start against the same emulator: nothing to do
        }
    }
}
