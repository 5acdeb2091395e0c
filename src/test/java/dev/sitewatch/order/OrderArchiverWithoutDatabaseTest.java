package dev.sitewatch.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sitewatch.testing.DynamoDbResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import dev.sitewatch.testing.KinesisEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The order-archiver function as deployed: the prod profile, no database configured at all (no VPC, no Aurora, no
 * Flyway), and none of the REST API's settings (no JWT issuer or key).
 */
@QuarkusTest
@TestProfile(OrderArchiverWithoutDatabaseTest.NoDatabase.class)
class OrderArchiverWithoutDatabaseTest {

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sitewatch.database.enabled", "false", "quarkus.datasource.jdbc.url", "",
                    "quarkus.datasource.username", "", "quarkus.datasource.password", "",
                    // the test harness' own ports, which application.properties sets for %test only
                    "quarkus.lambda.mock-event-server.test-port", "0", "quarkus.http.test-port", "0");
        }
    }

    @Inject
    InjectableInstance<AgroalDataSource> dataSource;

    @Test
    void archivesWithTheDatabaseSwitchedOff() {
        assertThat(dataSource.getHandle().getBean().isActive()).isFalse();

        String event = KinesisEvents.batch(KinesisEvents.STREAM_ARN, 900_000)
                .record(OrderLines.line("800001", "85123A", "17001"), Instant.parse("2026-11-25T10:00:00Z")).json();

        given().contentType(ContentType.JSON).body(event).when().post()
                .then().statusCode(200);

        assertThat(DynamoDbResource.client().query(q -> q.tableName(DynamoDbResource.ORDERS_TABLE)
                .keyConditionExpression("CustomerID = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("17001")))).items()).hasSize(1);
    }
}
