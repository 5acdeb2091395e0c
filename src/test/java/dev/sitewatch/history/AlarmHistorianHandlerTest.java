package dev.sitewatch.history;

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
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.local.emulator.Ports;
import dev.sitewatch.testing.KinesisEvents;
import dev.sitewatch.testing.MariaDbResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The alarm-historian as Lambda runs it: real-shaped Kinesis events on the mock event server, the history read back
 * from a real MariaDB, which tests stop and start to play an outage.
 */
@QuarkusTest
@TestProfile(AlarmHistorianHandlerTest.HistorianFunction.class)
class AlarmHistorianHandlerTest {

    public static class HistorianFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "alarm-historian");
        }
    }

    private static final String ALARMS_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms";
    private static final AtomicLong SEQUENCE = new AtomicLong(700_000);
    private static final AtomicLong ALARM = new AtomicLong();

    @Inject
    EntityManager entityManager;

    @Inject
    Flyway flyway;

    @Inject
    ObjectMapper mapper;

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
        return "ORDER_FLOOD-history-" + ALARM.incrementAndGet();
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

    static String sent(String alarmId, String at, String messageId) {
        return "{\"notification\":\"SENT\",\"alarmId\":\"%s\",\"at\":\"%s\",\"snsMessageId\":\"%s\"}"
                .formatted(alarmId, at, messageId);
    }

    private static List<String> invoke(KinesisEvents event) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).body(event.json())
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath().getList("batchItemFailures.itemIdentifier", String.class);
    }

    private static long rows(String alarmId) {
        return QuarkusTransaction.requiringNew().call(() -> AlarmRecord.count("alarmId", alarmId));
    }

    private static AlarmRecord row(String alarmId) {
        return QuarkusTransaction.requiringNew().call(() -> AlarmRecord.findByAlarmId(alarmId));
    }

    @Test
    void anAlarmBecomesOneRowAndItsNotificationFillsItIn() throws Exception {
        String first = alarmId();
        String second = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(first, "2026-11-25T14:03:12.345Z", 42), Instant.parse("2026-11-25T14:03:13Z"))
                .record(orderFlood(second, "2026-11-25T14:04:30Z", 75), Instant.parse("2026-11-25T14:04:31Z"))
                .record(sent(first, "2026-11-25T14:03:13.500Z", "msg-1"), Instant.parse("2026-11-25T14:03:14Z"));

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
        assertThat(row.receivedAt).as("when the alarm reached the stream").isEqualTo(Instant.parse("2026-11-25T14:03:13Z"));
        assertThat(row.notifiedAt).isEqualTo(Instant.parse("2026-11-25T14:03:13.500Z"));
        assertThat(row.snsMessageId).isEqualTo("msg-1");
        JsonNode top = mapper.readTree(row.topContributors);
        assertThat(top.at("/customers/0/key").asText()).isEqualTo("17850");
        assertThat(top.at("/customers/0/count").asLong()).isEqualTo(12);
        assertThat(top.at("/countries/1/key").asText()).isEqualTo("France");
        assertThat(top.at("/stockCodes/0/key").asText()).isEqualTo("85123A");
        assertThat(row(second).notifiedAt).as("no notification yet").isNull();
        assertThat(row.raisedAt).as("an alarm without raisedAt (an older detector)").isNull();

        // the original columns, as operators query them
        Object[] original = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery(
                "SELECT CAST(alarm_creation_time AS CHAR), Number_of_orders FROM logs_history WHERE alarm_id = ?1")
                .setParameter(1, second).getSingleResult());
        assertThat(original[0]).isEqualTo("2026-11-25 14:04:30");
        assertThat(((Number) original[1]).intValue()).isEqualTo(75);
    }

    @Test
    void redeliveryAddsNoRowAndKeepsTheFirstNotification() {
        String id = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(id, "2026-11-25T15:00:00Z", 31), Instant.now())
                .record(sent(id, "2026-11-25T15:00:01Z", "first"), Instant.now());

        assertThat(invoke(event)).isEmpty();
        assertThat(invoke(event)).isEmpty();
        // the notifier reports it again after a redelivery of its own; the history keeps what it had
        assertThat(invoke(batch().record(sent(id, "2026-11-25T15:09:00Z", "first"), Instant.now()))).isEmpty();

        assertThat(rows(id)).isEqualTo(1);
        assertThat(row(id).notifiedAt).isEqualTo(Instant.parse("2026-11-25T15:00:01Z"));
    }

    @Test
    void aRejectedNotificationLeavesTheAlarmUnnotified() {
        String id = alarmId();
        assertThat(invoke(batch()
                .record(orderFlood(id, "2026-11-25T15:30:00Z", 31), Instant.now())
                .record("{\"notification\":\"REJECTED\",\"alarmId\":\"" + id + "\",\"at\":\"2026-11-25T15:30:01Z\","
                        + "\"reason\":\"SNS 400 InvalidParameter\"}", Instant.now()))).isEmpty();

        assertThat(rows(id)).isEqualTo(1);
        assertThat(row(id).notifiedAt).isNull();
    }

    @Test
    void withTheDatabaseDownTheBatchIsRetriedFromTheFirstRecordAndKeptOnceWhenItIsBack() {
        String first = alarmId();
        String second = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(first, "2026-11-25T18:00:00Z", 31), Instant.now())
                .record(orderFlood(second, "2026-11-25T18:01:00Z", 32), Instant.now())
                .record(sent(second, "2026-11-25T18:01:01Z", "m2"), Instant.now());

        MariaDbResource.mariaDb().stopServer();
        List<String> failures;
        try {
            failures = invoke(event);
        } finally {
            MariaDbResource.mariaDb().startServer();
        }
        assertThat(failures).containsExactlyElementsOf(event.sequenceNumbers());

        assertThat(invoke(event)).isEmpty();
        assertThat(rows(first)).isEqualTo(1);
        assertThat(rows(second)).isEqualTo(1);
        assertThat(row(second).snsMessageId).isEqualTo("m2");
    }

    @Test
    void malformedRecordsAreQuarantinedOnceAndTheGoodOnesKept() {
        String good = alarmId();
        KinesisEvents event = batch()
                .record("not json at all", Instant.parse("2026-11-25T19:00:00Z"))
                .record(orderFlood(good, "2026-11-25T19:00:00Z", 40), Instant.now())
                .record("{\"alarmId\":\"x\",\"type\":\"ORDER_FLOOD\",\"windowEnd\":\"yesterday\",\"windowSeconds\":15,"
                        + "\"orderCount\":40,\"threshold\":30}", Instant.now())
                .record("{\"type\":\"ORDER_FLOOD\"}", Instant.now())
                .record("{\"notification\":\"MAYBE\",\"alarmId\":\"" + good + "\",\"at\":\"2026-11-25T19:00:01Z\"}",
                        Instant.now());

        assertThat(invoke(event)).isEmpty();
        assertThat(invoke(event)).isEmpty(); // redelivered: still one quarantine row each

        assertThat(rows(good)).isEqualTo(1);
        List<Object[]> quarantined = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT event_id, reason, raw, CAST(arrived_at AS CHAR) FROM alarm_quarantine WHERE event_id IN (?1, ?2, ?3, ?4) ORDER BY event_id",
                Object[].class)
                .setParameter(1, KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(0))
                .setParameter(2, KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(2))
                .setParameter(3, KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(3))
                .setParameter(4, KinesisEvents.SHARD + ":" + event.sequenceNumbers().get(4))
                .getResultList());
        assertThat(quarantined).hasSize(4);
        assertThat(quarantined.get(0)[2]).isEqualTo("not json at all");
        assertThat((String) quarantined.get(0)[1]).startsWith("not valid JSON");
        assertThat(quarantined.get(0)[3]).isEqualTo("2026-11-25 19:00:00.000");
        assertThat(quarantined.get(1)[1]).isEqualTo("windowEnd is not an ISO-8601 time with offset: yesterday");
        assertThat(quarantined.get(2)[1]).isEqualTo("alarmId missing or blank");
        assertThat(quarantined.get(3)[1]).isEqualTo("notification is not one of SENT, REJECTED, SILENCED: MAYBE");
    }

    @Test
    void migrationsAreAppliedOnceAndIdempotentOnRestart() {
        assertThat(flyway.info().applied()).extracting(m -> m.getVersion().getVersion()).containsExactly("1", "1.1", "2", "3", "4", "5", "6");
        assertThat(flyway.info().applied()).allSatisfy(m -> assertThat(m.getState().isApplied()).isTrue());
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }

    static String floodAlarm(String alarmId, String floodId, String windowEnd, int count) {
        return """
                {"alarmId":"%s","floodId":"%s","type":"CUSTOMER_FLOOD","key":"14911","windowEnd":"%s",\
                "windowSeconds":15,"orderCount":%d,"threshold":20}""".formatted(alarmId, floodId, windowEnd, count);
    }

    static String resolved(String floodId, String endedAt, int peak, String peakAt, int alarms) {
        return """
                {"resolved":true,"alarmId":"RESOLVED-%s","floodId":"%s","type":"CUSTOMER_FLOOD","key":"14911",\
                "startedAt":"2026-11-26T10:00:00.100Z","endedAt":"%s","peakCount":%d,"peakAt":"%s","alarms":%d,\
                "lastCount":45,"endCount":0,"threshold":20,"windowSeconds":15}""".formatted(floodId, floodId, endedAt,
                peak, peakAt, alarms);
    }

    private Object[] flood(String floodId) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery("""
                SELECT CAST(started_at AS CHAR), CAST(ended_at AS CHAR), peak_count, CAST(peak_at AS CHAR), alarms,
                       CAST(resolved_notified_at AS CHAR)
                FROM floods WHERE flood_id = ?1""").setParameter(1, floodId).getSingleResult());
    }

    @Test
    void aRepeatKeepsWhenItsFloodWasDetectedWhenItWasRaisedAndWhenItWasSent() {
        String floodId = "CUSTOMER_FLOOD-raised-" + ALARM.incrementAndGet();
        String repeat = "CUSTOMER_FLOOD-raised-" + ALARM.incrementAndGet();
        String alarm = """
                {"alarmId":"%s","floodId":"%s","type":"CUSTOMER_FLOOD","key":"14911",\
                "windowEnd":"2026-11-26T11:01:00.100Z","raisedAt":"2026-11-26T11:01:25.100Z",\
                "windowSeconds":15,"orderCount":45,"threshold":20}""".formatted(repeat, floodId);
        assertThat(invoke(batch().record(alarm, Instant.now())
                .record(sent(repeat, "2026-11-26T11:01:25.900Z", "msg-r"), Instant.now()))).isEmpty();

        AlarmRecord row = row(repeat);
        assertThat(row.windowEnd).as("detected").isEqualTo(Instant.parse("2026-11-26T11:01:00.100Z"));
        assertThat(row.raisedAt).as("raised").isEqualTo(Instant.parse("2026-11-26T11:01:25.100Z"));
        assertThat(row.notifiedAt).as("sent").isEqualTo(Instant.parse("2026-11-26T11:01:25.900Z"));
    }

    @Test
    void aFloodIsAnEpisodeFromItsFirstAlarmToItsEnd() {
        String first = "CUSTOMER_FLOOD-episode-" + ALARM.incrementAndGet();
        String second = "CUSTOMER_FLOOD-episode-" + ALARM.incrementAndGet();
        KinesisEvents alarms = batch()
                .record(floodAlarm(first, first, "2026-11-26T10:00:00.100Z", 21), Instant.now())
                .record(floodAlarm(second, first, "2026-11-26T10:01:00.100Z", 45), Instant.now());

        assertThat(invoke(alarms)).isEmpty();
        assertThat(invoke(alarms)).isEmpty(); // redelivered: counted once
        assertThat(flood(first)).containsExactly("2026-11-26 10:00:00.100", null, 45, "2026-11-26 10:01:00.100", 2, null);
        assertThat(row(second).floodId).isEqualTo(first);

        // the detector says it is over: its figures are final (its peak was never alarmed), and stay so
        KinesisEvents end = batch()
                .record(resolved(first, "2026-11-26T10:02:30.000Z", 52, "2026-11-26T10:01:20.000Z", 2), Instant.now())
                .record("{\"notification\":\"SENT\",\"alarmId\":\"RESOLVED-" + first + "\",\"floodId\":\"" + first
                        + "\",\"at\":\"2026-11-26T10:02:30.700Z\",\"snsMessageId\":\"m\"}", Instant.now());
        assertThat(invoke(end)).isEmpty();
        assertThat(invoke(end)).isEmpty();
        assertThat(invoke(alarms)).isEmpty(); // a late redelivery of its alarms changes nothing
        assertThat(flood(first)).containsExactly("2026-11-26 10:00:00.100", "2026-11-26 10:02:30.000", 52,
                "2026-11-26 10:01:20.000", 2, "2026-11-26 10:02:30.700");
    }

    @Test
    void aSilencedAlarmIsKeptWithItsSilence() {
        String id = alarmId();
        assertThat(invoke(batch()
                .record(orderFlood(id, "2026-11-26T11:00:00Z", 31), Instant.now())
                .record("{\"notification\":\"SILENCED\",\"alarmId\":\"" + id + "\",\"at\":\"2026-11-26T11:00:00.300Z\","
                        + "\"silenceId\":\"7d3c\"}", Instant.now()))).isEmpty();

        assertThat(row(id).silenceId).isEqualTo("7d3c");
        assertThat(row(id).notifiedAt).isNull();
    }
}
