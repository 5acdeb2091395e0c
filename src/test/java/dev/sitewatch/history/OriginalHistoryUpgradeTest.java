package dev.sitewatch.history;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.sitewatch.testing.KinesisEvents;
import dev.sitewatch.testing.OriginalHistoryResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The historian started on a database that still holds the original design's {@code logs_history}: Flyway takes it
 * over, V1.1 upgrades the table in place, and the old alarms show in the API and its aggregates next to new ones.
 */
@QuarkusTest
@TestProfile(OriginalHistoryUpgradeTest.OnTheOriginalDatabase.class)
@QuarkusTestResource(value = OriginalHistoryResource.class, restrictToAnnotatedClass = true)
class OriginalHistoryUpgradeTest {

    public static class OnTheOriginalDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "alarm-historian");
        }
    }

    @Inject
    Flyway flyway;

    @Inject
    EntityManager entityManager;

    @TestHTTPResource("/alarms")
    URL alarms;

    @Test
    void theOriginalAlarmsAreKeptAndShownNextToNewOnes() {
        assertThat(flyway.info().applied()).extracting(m -> m.getVersion().getVersion())
                .containsExactly("0", "1", "1.1", "2", "3", "4", "5", "6");

        JsonPath listed = given().queryParam("from", "2025-03-01").queryParam("to", "2025-03-04")
                .when().get(alarms).then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("items.alarmId", String.class))
                .containsExactly("LEGACY-4", "LEGACY-3", "LEGACY-2", "LEGACY-1");
        assertThat(listed.getList("items.orderCount", Integer.class)).containsExactly(0, 31, 35, 42);
        Map<String, Object> oldest = listed.getMap("items[3]");
        assertThat(oldest).containsEntry("type", "ORDER_FLOOD").containsEntry("threshold", 30)
                .containsEntry("time", "2025-03-01T10:05:00Z").containsEntry("notifiedAt", "2025-03-01T10:05:00Z");
        assertThat(listed.getMap("items[3].window")).containsEntry("start", "2025-03-01T10:04:45Z")
                .containsEntry("end", "2025-03-01T10:05:00Z").containsEntry("seconds", 15);

        // the row without a time is kept aside, not lost
        List<?> unusable = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT Number_of_orders FROM logs_history_original_unusable").getResultList());
        assertThat(unusable).singleElement().satisfies(n -> assertThat(((Number) n).intValue()).isEqualTo(77));

        // a new alarm in the same hour as two old ones: stored after them, counted with them
        String event = KinesisEvents.batch("arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms", 900_000)
                .record("""
                        {"alarmId":"ORDER_FLOOD-after-upgrade","type":"ORDER_FLOOD","key":null,\
                        "windowStart":"2025-03-01T10:49:45Z","windowEnd":"2025-03-01T10:50:00Z","windowSeconds":15,\
                        "orderCount":50,"threshold":30,"topCustomers":[],"topCountries":[],"topStockCodes":[]}""",
                        Instant.parse("2025-03-01T10:50:01Z"))
                .json();
        List<String> failures = given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event)
                .when().post().then().statusCode(200).extract().jsonPath().getList("batchItemFailures");
        assertThat(failures).isEmpty();
        AlarmRecord stored = QuarkusTransaction.requiringNew().call(() -> AlarmRecord.findByAlarmId("ORDER_FLOOD-after-upgrade"));
        assertThat(stored.id).isGreaterThan(4L);

        JsonPath hours = given().queryParam("bucket", "hour").queryParam("from", "2025-03-01T10:00:00Z")
                .queryParam("to", "2025-03-01T11:00:00Z")
                .when().get(alarms + "/aggregates").then().statusCode(200).extract().jsonPath();
        assertThat(hours.getList("buckets.alarms", Integer.class)).containsExactly(3);
        assertThat(hours.getList("buckets.orders", Integer.class)).containsExactly(42 + 35 + 50);
        assertThat(hours.getList("buckets.maxOrders", Integer.class)).containsExactly(50);
    }
}
