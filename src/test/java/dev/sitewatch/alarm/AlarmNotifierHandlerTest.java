package dev.sitewatch.alarm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.local.LocalSns;
import dev.sitewatch.local.emulator.Ports;
import dev.sitewatch.testing.KinesisEvents;
import dev.sitewatch.testing.MariaDbResource;
import dev.sitewatch.testing.SnsResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The alarm-notifier as Lambda runs it: real-shaped Kinesis events on the mock event server; the history read back
 * from a real MariaDB; the exact Publish requests the real SNS SDK sent, read back from WireMock.
 */
@QuarkusTest
@TestProfile(AlarmNotifierHandlerTest.NotifierFunction.class)
class AlarmNotifierHandlerTest {

    /** The function as deployed: the same app with the alarm-notifier selected. */
    public static class NotifierFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "alarm-notifier");
        }
    }

    private static final String ALARMS_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms";
    private static final AtomicLong SEQUENCE = new AtomicLong(500_000);
    private static final AtomicLong ALARM = new AtomicLong();

    @Inject
    EntityManager entityManager;

    @Inject
    Flyway flyway;

    @Inject
    ObjectMapper mapper;

    private final LocalSns sns = SnsResource.sns();

    @BeforeEach
    void freshSns() {
        sns.acceptPublish();
        sns.server().resetRequests();
    }

    @AfterEach
    void databaseBackUp() {
        if (!Ports.isOpen(MariaDbResource.mariaDb().port())) {
            MariaDbResource.mariaDb().startServer();
        }
    }

    private static KinesisEvents batch() {
        return KinesisEvents.batch(ALARMS_ARN, SEQUENCE.getAndAdd(1_000));
    }

    private static String alarmId() {
        return "ORDER_FLOOD-test-" + ALARM.incrementAndGet();
    }

    static String orderFlood(String alarmId, String windowEnd, int count) {
        return """
                {"alarmId":"%s","type":"ORDER_FLOOD","key":null,"windowStart":"2026-11-25T14:02:57.345Z",\
                "windowEnd":"%s","windowSeconds":15,"orderCount":%d,"threshold":30,\
                "topCustomers":[{"key":"17850","count":12},{"key":"13047","count":7}],\
                "topCountries":[{"key":"United Kingdom","count":40},{"key":"France","count":2}],\
                "topStockCodes":[{"key":"85123A","count":5}],"detectorVersion":"ignored-unknown-field"}"""
                .formatted(alarmId, windowEnd, count);
    }

    private static List<String> invoke(KinesisEvents event) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event.json())
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath().getList("batchItemFailures.itemIdentifier", String.class);
    }

    private List<Map<String, String>> publishes() {
        return sns.server().findAll(postRequestedFor(urlEqualTo("/"))).stream()
                .map(request -> LocalSns.formFields(request.getBodyAsString()))
                .filter(fields -> "Publish".equals(fields.get("Action")))
                .toList();
    }

    private List<Map<String, String>> publishesOf(String alarmId) {
        return publishes().stream().filter(f -> alarmId.equals(f.get("MessageAttributes.entry.3.Value.StringValue"))).toList();
    }

    private long rows(String alarmId) {
        return QuarkusTransaction.requiringNew().call(() -> AlarmRecord.count("alarmId", alarmId));
    }

    private AlarmRecord row(String alarmId) {
        return QuarkusTransaction.requiringNew().call(() -> AlarmRecord.findByAlarmId(alarmId));
    }

    @Test
    void eachAlarmIsStoredAndPublishedOnce() throws Exception {
        String first = alarmId();
        String second = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(first, "2026-11-25T14:03:12.345Z", 42), Instant.parse("2026-11-25T14:03:13Z"))
                .record(orderFlood(second, "2026-11-25T14:04:30Z", 75), Instant.parse("2026-11-25T14:04:31Z"));

        assertThat(invoke(event)).isEmpty();

        AlarmRecord row = row(first);
        assertThat(row.type).isEqualTo("ORDER_FLOOD");
        assertThat(row.key).isNull();
        assertThat(row.numberOfOrders).isEqualTo(42);
        assertThat(row.threshold).isEqualTo(30);
        assertThat(row.creationTime).isEqualTo(Instant.parse("2026-11-25T14:03:12Z"));
        assertThat(row.windowStart).isEqualTo(Instant.parse("2026-11-25T14:02:57.345Z"));
        assertThat(row.windowEnd).isEqualTo(Instant.parse("2026-11-25T14:03:12.345Z"));
        assertThat(row.windowSeconds).isEqualTo(15);
        assertThat(row.notifiedAt).isNotNull();
        assertThat(row.snsMessageId).isNotBlank();
        JsonNode top = mapper.readTree(row.topContributors);
        assertThat(top.at("/customers/0/key").asText()).isEqualTo("17850");
        assertThat(top.at("/customers/0/count").asLong()).isEqualTo(12);
        assertThat(top.at("/countries/1/key").asText()).isEqualTo("France");
        assertThat(top.at("/stockCodes/0/key").asText()).isEqualTo("85123A");

        // the original columns, as operators query them
        Object[] original = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery(
                "SELECT CAST(alarm_creation_time AS CHAR), Number_of_orders FROM logs_history WHERE alarm_id = ?1")
                .setParameter(1, second).getSingleResult());
        assertThat(original[0]).isEqualTo("2026-11-25 14:04:30");
        assertThat(((Number) original[1]).intValue()).isEqualTo(75);

        List<Map<String, String>> published = publishesOf(first);
        assertThat(published).hasSize(1);
        Map<String, String> publish = published.get(0);
        assertThat(publish.get("TopicArn")).isEqualTo(LocalSns.TOPIC_ARN);
        assertThat(publish.get("Subject")).isEqualTo("Sitewatch warning: order flood, 42 orders in 15 s");
        assertThat(publish.get("MessageStructure")).isEqualTo("json");
        JsonNode message = mapper.readTree(publish.get("Message"));
        assertThat(message.get("sms").asText()).isEqualTo("Sitewatch: 42 orders in 15 s at 14:03:12 UTC (threshold 30)");
        assertThat(message.get("default").asText()).isEqualTo(message.get("sms").asText());
        assertThat(message.get("email").asText())
                .contains("Window:     2026-11-25 14:02:57 to 2026-11-25 14:03:12 UTC (15 s)")
                .contains("Customers:  17850 (12), 13047 (7)")
                .contains("Alarm id:   " + first);
        assertThat(publish).containsEntry("MessageAttributes.entry.1.Name", "type")
                .containsEntry("MessageAttributes.entry.1.Value.DataType", "String")
                .containsEntry("MessageAttributes.entry.1.Value.StringValue", "ORDER_FLOOD")
                .containsEntry("MessageAttributes.entry.2.Name", "severity")
                .containsEntry("MessageAttributes.entry.2.Value.StringValue", "warning")
                .containsEntry("MessageAttributes.entry.3.Name", "alarmId");
        assertThat(publishesOf(second)).singleElement()
                .satisfies(p -> assertThat(p.get("MessageAttributes.entry.2.Value.StringValue")).isEqualTo("critical"));
    }

    @Test
    void aCustomerFloodSaysWhichCustomer() throws Exception {
        String id = "CUSTOMER_FLOOD-test-" + ALARM.incrementAndGet();
        String alarm = """
                {"alarmId":"%s","type":"CUSTOMER_FLOOD","key":"17850","windowEnd":"2026-11-25T09:00:05Z",\
                "windowSeconds":15,"orderCount":12,"threshold":10}""".formatted(id);
        assertThat(invoke(batch().record(alarm, Instant.now()))).isEmpty();

        AlarmRecord row = row(id);
        assertThat(row.key).isEqualTo("17850");
        assertThat(row.windowStart).isEqualTo(Instant.parse("2026-11-25T09:00:05Z").minusSeconds(15));
        assertThat(mapper.readTree(publishesOf(id).get(0).get("Message")).get("sms").asText())
                .isEqualTo("Sitewatch: customer 17850 placed 12 orders in 15 s at 09:00:05 UTC (threshold 10)");
    }

    @Test
    void redeliveryAddsNoRowAndSendsNoSecondMessage() {
        String first = alarmId();
        String second = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(first, "2026-11-25T15:00:00Z", 31), Instant.now())
                .record(orderFlood(second, "2026-11-25T15:01:00Z", 33), Instant.now());

        assertThat(invoke(event)).isEmpty();
        assertThat(invoke(event)).isEmpty();
        // and a replay by the detector: the same alarm in a new record
        assertThat(invoke(batch().record(orderFlood(first, "2026-11-25T15:00:00Z", 31), Instant.now()))).isEmpty();

        assertThat(rows(first)).isEqualTo(1);
        assertThat(rows(second)).isEqualTo(1);
        assertThat(publishesOf(first)).hasSize(1);
        assertThat(publishesOf(second)).hasSize(1);
    }

    @Test
    void snsFailingForOneAlarmRetriesOnlyThatOneAndNotifiesItOnce() {
        String ok1 = alarmId();
        String failing = alarmId();
        String ok2 = alarmId();
        sns.server().stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing(failing))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/xml").withBody("""
                        <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Receiver</Type>\
                        <Code>InternalError</Code><Message>boom</Message></Error><RequestId>r</RequestId></ErrorResponse>""")));
        KinesisEvents event = batch()
                .record(orderFlood(ok1, "2026-11-25T16:00:00Z", 31), Instant.now())
                .record(orderFlood(failing, "2026-11-25T16:01:00Z", 32), Instant.now())
                .record(orderFlood(ok2, "2026-11-25T16:02:00Z", 33), Instant.now());

        assertThat(invoke(event)).containsExactly(event.sequenceNumbers().get(1));
        assertThat(row(ok1).notifiedAt).isNotNull();
        assertThat(row(ok2).notifiedAt).isNotNull();
        assertThat(row(failing)).isNull(); // rolled back with its failed publish; the retry inserts it

        sns.acceptPublish();
        sns.server().resetRequests();
        // Lambda retries from the failed record on: the failing alarm and the one after it
        KinesisEvents retry = batch()
                .record(orderFlood(failing, "2026-11-25T16:01:00Z", 32), Instant.now())
                .record(orderFlood(ok2, "2026-11-25T16:02:00Z", 33), Instant.now());
        assertThat(invoke(retry)).isEmpty();

        assertThat(publishesOf(failing)).hasSize(1);
        assertThat(publishesOf(ok2)).isEmpty();
        assertThat(rows(failing)).isEqualTo(1);
        assertThat(row(failing).notifiedAt).isNotNull();
    }

    @Test
    void aMessageSnsRejectsForGoodIsKeptAndNotRetried() {
        String rejected = alarmId();
        sns.server().stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing(rejected))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                        <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>\
                        <Code>InvalidParameter</Code><Message>Invalid parameter: Message too long</Message></Error>\
                        <RequestId>r</RequestId></ErrorResponse>""")));

        assertThat(invoke(batch().record(orderFlood(rejected, "2026-11-25T17:00:00Z", 30), Instant.now()))).isEmpty();

        assertThat(rows(rejected)).isEqualTo(1);
        assertThat(row(rejected).notifiedAt).isNull();
    }

    @Test
    void databaseDownReportsEveryAlarmAndTheRetryCompletesThem() {
        String first = alarmId();
        String second = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(first, "2026-11-25T18:00:00Z", 31), Instant.now())
                .record(orderFlood(second, "2026-11-25T18:01:00Z", 32), Instant.now());

        MariaDbResource.mariaDb().stopServer();
        List<String> failures;
        try {
            failures = invoke(event);
        } finally {
            MariaDbResource.mariaDb().startServer();
        }
        assertThat(failures).containsExactlyElementsOf(event.sequenceNumbers());
        assertThat(publishes()).isEmpty(); // nobody was told about an alarm that is not in the history

        assertThat(invoke(event)).isEmpty();
        assertThat(rows(first)).isEqualTo(1);
        assertThat(rows(second)).isEqualTo(1);
        assertThat(publishesOf(first)).hasSize(1);
        assertThat(publishesOf(second)).hasSize(1);
    }

    @Test
    void malformedAlarmsAreQuarantinedAndTheGoodOnesDone() {
        String good = alarmId();
        KinesisEvents event = batch()
                .record("not json at all", Instant.parse("2026-11-25T19:00:00Z"))
                .record(orderFlood(good, "2026-11-25T19:00:00Z", 40), Instant.now())
                .record("{\"alarmId\":\"x\",\"type\":\"ORDER_FLOOD\",\"windowEnd\":\"yesterday\",\"windowSeconds\":15,"
                        + "\"orderCount\":40,\"threshold\":30}", Instant.now())
                .record("{\"type\":\"ORDER_FLOOD\"}", Instant.now());

        assertThat(invoke(event)).isEmpty();
        assertThat(invoke(event)).isEmpty(); // redelivered: still one quarantine row each

        assertThat(publishesOf(good)).hasSize(1);
        List<Object[]> quarantined = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT event_id, reason, raw, CAST(arrived_at AS CHAR) FROM alarm_quarantine WHERE event_id IN (?1, ?2, ?3) ORDER BY event_id",
                Object[].class)
                .setParameter(1, KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(0))
                .setParameter(2, KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(2))
                .setParameter(3, KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(3))
                .getResultList());
        assertThat(quarantined).hasSize(3);
        assertThat(quarantined.get(0)[2]).isEqualTo("not json at all");
        assertThat((String) quarantined.get(0)[1]).startsWith("not valid JSON");
        assertThat(quarantined.get(0)[3]).isEqualTo("2026-11-25 19:00:00.000");
        assertThat(quarantined.get(1)[1]).isEqualTo("windowEnd is not an ISO-8601 time with offset: yesterday");
        assertThat(quarantined.get(2)[1]).isEqualTo("alarmId missing or blank");
    }

    @Test
    void migrationsAreAppliedOnceAndIdempotentOnRestart() {
        assertThat(flyway.info().applied()).extracting(m -> m.getVersion().getVersion()).containsExactly("1", "1.1", "2", "3", "4");
        assertThat(flyway.info().applied()).allSatisfy(m -> assertThat(m.getState().isApplied()).isTrue());
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }
}
