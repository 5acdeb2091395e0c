package dev.sitewatch.local;

import dev.sitewatch.order.OrderItem;
import dev.sitewatch.order.QuarantineTable;
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

    public static void create(DynamoDbClient dynamo, String ordersTable, String quarantineTable) {
        createTable(dynamo, ordersTable, OrderItem.PARTITION_KEY, OrderItem.SORT_KEY);
        createTable(dynamo, quarantineTable, QuarantineTable.PARTITION_KEY, QuarantineTable.SORT_KEY);
    }

    public static void createTable(DynamoDbClient dynamo, String table, String partitionKey, String sortKey) {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(partitionKey).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(sortKey).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            // a second start against the same emulator: nothing to do
        }
    }
}
