package dev.sitewatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sitewatch.testing.DynamoDbResource;
import dev.sitewatch.testing.KinesisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local run's feed: records put on the emulated stream reach DynamoDB through the order-archiver. */
@QuarkusTest
@TestProfile(LocalEventSourceMappingsTest.FeedOn.class)
@QuarkusTestResource(value = KinesisResource.class, restrictToAnnotatedClass = true)
class LocalEventSourceMappingsTest {

    public static class FeedOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sitewatch.local.feed.enabled", "true", "sitewatch.local.feed.batching-window", "100ms");
        }
    }

    @Test
    void ordersPutOnTheStreamAreArchivedAndGarbageIsQuarantined() {
        for (int i = 0; i < 40; i++) {
            String line = "{\"InvoiceNo\":\"900001\",\"StockCode\":\"S%d\",\"Quantity\":\"1\",\"Customer\":\"12346\"}".formatted(i);
            put(line, "pk-" + i);
        }
        put("garbage", "pk-x");

        await("40 lines archived, the garbage quarantined").atMost(Duration.ofSeconds(20))
                .until(() -> items().size() >= 40 && !quarantined().isEmpty());
        assertThat(items()).hasSize(40);
        assertThat(quarantined()).singleElement()
                .satisfies(item -> assertThat(item.get("Raw").s()).isEqualTo("garbage"));
    }

    private static void put(String data, String partitionKey) {
        KinesisResource.client().putRecord(r -> r.streamName(KinesisResource.ORDERS_STREAM)
                .partitionKey(partitionKey).data(SdkBytes.fromUtf8String(data)));
    }

    private static List<Map<String, AttributeValue>> items() {
        return DynamoDbResource.client().query(q -> q.tableName(DynamoDbResource.ORDERS_TABLE)
                .keyConditionExpression("CustomerID = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("12346")))).items();
    }

    private static List<Map<String, AttributeValue>> quarantined() {
        return DynamoDbResource.client().scan(s -> s.tableName(DynamoDbResource.QUARANTINE_TABLE)).items().stream()
                .filter(item -> item.get("Raw") != null && item.get("Raw").s().equals("garbage")).toList();
    }
}
