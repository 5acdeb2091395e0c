package dev.sitewatch.database;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sitewatch.testing.KinesisEvents;
import dev.sitewatch.testing.RotatingSecretResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The historian's database password is read from Secrets Manager (WireMock, answering the real SDK) at run time:
 * after a rotation the next batch is kept, by the same running app, with the new password read at once.
 */
@QuarkusTest
@TestProfile(PasswordRotationTest.HistorianWithSecret.class)
@QuarkusTestResource(value = RotatingSecretResource.class, restrictToAnnotatedClass = true)
class PasswordRotationTest {

    public static class HistorianWithSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "alarm-historian");
        }
    }

    private static final String ALARMS_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms";

    @Inject
    EntityManager entityManager;

    private static String alarm(String alarmId) {
        return """
                {"alarmId":"%s","type":"ORDER_FLOOD","windowEnd":"2026-11-25T14:03:12Z","windowSeconds":15,\
                "orderCount":42,"threshold":30}""".formatted(alarmId);
    }

    private static List<String> invoke(String alarmId, long sequence) {
        String event = KinesisEvents.batch(ALARMS_ARN, sequence).record(alarm(alarmId), Instant.now()).json();
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath().getList("batchItemFailures.itemIdentifier", String.class);
    }

    private long rows(String alarmId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT COUNT(*) FROM logs_history WHERE alarm_id = ?1")
                .setParameter(1, alarmId).getSingleResult()).longValue());
    }

    private String databaseUser() {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager
                .createNativeQuery("SELECT CURRENT_USER()").getSingleResult());
    }

    @Test
    void aRotatedPasswordIsReadAgainAtOnceAndTheNextBatchIsKept() throws Exception {
        // the password in the configuration is wrong: the app got in with the secret's
        assertThat(databaseUser()).isEqualTo(RotatingSecretResource.USER + "@%");
        assertThat(invoke("ORDER_FLOOD-before-rotation", 100_000)).isEmpty();
        assertThat(rows("ORDER_FLOOD-before-rotation")).isEqualTo(1);

        List<LoggedRequest> before = RotatingSecretResource.secrets().reads(RotatingSecretResource.SECRET_ID);
        assertThat(before).as("the secret was read through the SDK").isNotEmpty();
        LoggedRequest request = before.get(0);
        assertThat(request.getHeader("Authorization")).as("a signed request").startsWith("AWS4-HMAC-SHA256 ");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-amz-json-1.1");

        assertThat(RotatingSecretResource.rotate()).as("open connections killed").isPositive();

        // well within the cache TTL (5 min): only the refused login can make the app read the secret again
        assertThat(invoke("ORDER_FLOOD-after-rotation", 200_000)).as("the batch after the rotation").isEmpty();
        assertThat(rows("ORDER_FLOOD-after-rotation")).isEqualTo(1);
        assertThat(RotatingSecretResource.secrets().reads(RotatingSecretResource.SECRET_ID))
                .as("secret reads: once more, after the refused password").hasSize(before.size() + 1);
        assertThat(databaseUser()).isEqualTo(RotatingSecretResource.USER + "@%");
    }
}
