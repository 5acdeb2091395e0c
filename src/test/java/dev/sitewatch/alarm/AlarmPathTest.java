package dev.sitewatch.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sitewatch.history.AlarmRecord;
import dev.sitewatch.local.LocalEventSourceMappings;
import dev.sitewatch.local.LocalMariaDb;
import dev.sitewatch.local.emulator.Ports;
import dev.sitewatch.silence.ActiveSilences;
import dev.sitewatch.testing.KinesisResource;
import dev.sitewatch.testing.MariaDbResource;
import dev.sitewatch.testing.SnsPublishes;
import dev.sitewatch.testing.SnsResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The alarm path as the local run wires it: alarms put on the local {@code website-alarms} stream, fed to the
 * alarm-notifier and to the alarm-historian as their two event-source mappings would. The SMS never waits for the
 * history database: not while it is down, not while a history write is stuck.
 */
@QuarkusTest
@TestProfile(AlarmPathTest.BothConsumers.class)
@QuarkusTestResource(value = KinesisResource.class, restrictToAnnotatedClass = true)
class AlarmPathTest {

    public static class BothConsumers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sitewatch.local.feed.enabled", "true");
        }
    }

    /**
     * From PutRecord to the Publish request at SNS. What this class proves is causal, not a speed: each SMS arrives
     * while the database is still down or the history still locked, which a notifier that waited for the history
     * could not do (a table lock is waited for without end). The bound only keeps a slow path from passing; the
     * latency itself is a benchmark (BENCHMARKS.md, "End-to-end alarm latency": p99 0.9 s), because a timed bound of
     * 1 s here failed on a machine running three builds at once.
     */
    private static final Duration SMS_WITHIN = Duration.ofSeconds(5);
    private static final AtomicLong ALARM = new AtomicLong();

    @Inject
    LocalEventSourceMappings mappings;

    @BeforeEach
    void freshSns() {
        SnsResource.sns().acceptPublish();
        SnsResource.sns().server().resetRequests();
    }

    @AfterEach
    void databaseBackUp() {
        if (!Ports.isOpen(MariaDbResource.mariaDb().port())) {
            MariaDbResource.mariaDb().startServer();
        }
    }

    private static String alarm(String alarmId) {
        return """
                {"alarmId":"%s","type":"ORDER_FLOOD","key":null,"windowEnd":"2026-11-25T14:03:12.345Z",\
                "windowSeconds":15,"orderCount":42,"threshold":30}""".formatted(alarmId);
    }

    /** Sequence number of each alarm this class put on the stream. */
    private static final Map<String, String> SEQUENCE_NUMBERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Puts an alarm on the stream and returns how long until its SMS reached SNS. */
    private static Duration putAndTimeSms(String alarmId) {
        long put = System.currentTimeMillis();
        SEQUENCE_NUMBERS.put(alarmId, KinesisResource.put(KinesisResource.ALARMS_STREAM, "ORDER_FLOOD", alarm(alarmId)));
        await("SMS of " + alarmId).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !SnsPublishes.of(alarmId).isEmpty());
        return Duration.ofMillis(SnsPublishes.of(alarmId).get(0).receivedAt().toEpochMilli() - put);
    }

    private static List<AlarmRecord> history(List<String> alarmIds) {
        return QuarkusTransaction.requiringNew().call(() -> AlarmRecord.<AlarmRecord>list("alarmId in ?1", alarmIds));
    }

    @Test
    void withTheDatabaseDownAlarmsAreSentAtOnceAndKeptOnceItIsBack() throws Exception {
        List<String> ids = List.of("ORDER_FLOOD-path-" + ALARM.incrementAndGet(), "ORDER_FLOOD-path-" + ALARM.incrementAndGet());

        MariaDbResource.mariaDb().stopServer();
        for (String id : ids) {
            assertThat(putAndTimeSms(id)).as("SMS of %s with MariaDB down", id).isLessThan(SMS_WITHIN);
        }
        Thread.sleep(1_000); // an outage of a while, on purpose: the historian keeps retrying meanwhile
        MariaDbResource.mariaDb().startServer();

        await("the outage's alarms in the history, notified").atMost(Duration.ofSeconds(30))
                .until(() -> history(ids).size() == ids.size() && history(ids).stream().allMatch(a -> a.notifiedAt != null));
        assertThat(history(ids)).extracting(a -> a.alarmId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(history(ids)).extracting(a -> a.snsMessageId).doesNotContainNull();
        for (String id : ids) {
            assertThat(SnsPublishes.of(id)).as("publishes of %s", id).hasSize(1);
        }
    }

    @Test
    void aStuckHistoryWriteDoesNotHoldUpTheNextSms() throws Exception {
        String before = "ORDER_FLOOD-path-" + ALARM.incrementAndGet();
        String during = "ORDER_FLOOD-path-" + ALARM.incrementAndGet();
        putAndTimeSms(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> history(List.of(before)).size() == 1);

        LocalMariaDb mariaDb = MariaDbResource.mariaDb();
        try (Connection connection = DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password());
             Statement sql = connection.createStatement()) {
            sql.execute("LOCK TABLES logs_history WRITE"); // every history write waits behind this lock
            assertThat(putAndTimeSms(during)).as("SMS while the history is locked").isLessThan(SMS_WITHIN);
            await("historian stuck in its write for half a second").during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5)).until(() -> mappings.invoking(LocalEventSourceMappings.ALARM_HISTORIAN));
            sql.execute("UNLOCK TABLES");
        }
        await("the alarm in the history once the lock is gone").atMost(Duration.ofSeconds(30))
                .until(() -> history(List.of(during)).size() == 1 && history(List.of(during)).get(0).notifiedAt != null);
    }

    @Test
    void redeliveringTheStreamToBothFunctionsSendsNothingTwiceAndStoresNothingTwice() throws Exception {
        String id = "ORDER_FLOOD-path-" + ALARM.incrementAndGet();
        putAndTimeSms(id);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> history(List.of(id)).size() == 1 && history(List.of(id)).get(0).notifiedAt != null);
        int publishesBefore = SnsPublishes.all().size();

        Instant redelivered = Instant.now();
        mappings.redeliverFromStart(LocalEventSourceMappings.ALARM_NOTIFIER);
        mappings.redeliverFromStart(LocalEventSourceMappings.ALARM_HISTORIAN);
        await("the alarm delivered again to both, both caught up").atMost(Duration.ofSeconds(30))
                .until(() -> deliveredSince(LocalEventSourceMappings.ALARM_NOTIFIER, redelivered, id)
                        && deliveredSince(LocalEventSourceMappings.ALARM_HISTORIAN, redelivered, id)
                        && mappings.caughtUp(LocalEventSourceMappings.ALARM_NOTIFIER)
                        && mappings.caughtUp(LocalEventSourceMappings.ALARM_HISTORIAN));

        assertThat(SnsPublishes.all()).as("no message sent again").hasSize(publishesBefore);
        assertThat(SnsPublishes.of(id)).hasSize(1);
        assertThat(history(List.of(id))).hasSize(1);
        long rows = QuarkusTransaction.requiringNew().call(() -> AlarmRecord.count("alarmId like ?1", "%_FLOOD-path-%"));
        assertThat(rows).as("one row per alarm this class put on the stream").isEqualTo(ALARM.get());
    }

    private boolean deliveredSince(String function, Instant since, String alarmId) {
        return mappings.invocations(function).stream().anyMatch(invocation -> !invocation.at().isBefore(since)
                && invocation.sequenceNumbers().contains(SEQUENCE_NUMBERS.get(alarmId)));
    }

    @TestHTTPResource("/silences")
    URL silences;

    @TestHTTPResource("/alarms")
    URL alarms;

    @Inject
    ActiveSilences activeSilences;

    private static String customerAlarm(String alarmId, String customer) {
        return """
                {"alarmId":"%s","type":"CUSTOMER_FLOOD","key":"%s","windowEnd":"2026-11-25T14:03:12.345Z",\
                "windowSeconds":15,"orderCount":25,"threshold":20}""".formatted(alarmId, customer);
    }

    @Test
    void aSilenceMutesTheAlarmsItMatchesUntilItIsExpired() {
        String silenceId = given().contentType(ContentType.JSON).body("""
                        {"matchers":{"type":"CUSTOMER_FLOOD","keyPrefix":"777"},"endsAt":"%s",\
                        "comment":"planned flash sale of the 777 resellers"}""".formatted(Instant.now().plus(Duration.ofHours(1))))
                .when().post(silences.toString()).then().statusCode(201).extract().jsonPath().getString("id");
        String muted = "CUSTOMER_FLOOD-path-" + ALARM.incrementAndGet();
        String other = "CUSTOMER_FLOOD-path-" + ALARM.incrementAndGet();
        String after = "CUSTOMER_FLOOD-path-" + ALARM.incrementAndGet();
        // the notifier reads silences at most sitewatch.silences.cache-ttl (5 s) late; ask the one it asks
        await("the notifier sees the silence").atMost(Duration.ofSeconds(10))
                .until(() -> activeSilences.silencing("CUSTOMER_FLOOD", "77712").isPresent());

        KinesisResource.put(KinesisResource.ALARMS_STREAM, "CUSTOMER_FLOOD:77712", customerAlarm(muted, "77712"));
        KinesisResource.put(KinesisResource.ALARMS_STREAM, "CUSTOMER_FLOOD:12777", customerAlarm(other, "12777"));
        await("the other customer's SMS").atMost(Duration.ofSeconds(10)).until(() -> !SnsPublishes.of(other).isEmpty());
        await("both in the history, one silenced").atMost(Duration.ofSeconds(30)).until(() -> history(List.of(muted, other))
                .stream().filter(a -> silenceId.equals(a.silenceId) || a.notifiedAt != null).count() == 2);
        assertThat(SnsPublishes.of(muted)).as("silenced").isEmpty();
        assertThat(history(List.of(muted)).get(0).notifiedAt).isNull();
        given().queryParam("from", "2026-11-25T14:00:00Z").queryParam("to", "2026-11-25T14:10:00Z")
                .when().get(alarms.toString()).then().statusCode(200)
                .body("items.find { it.alarmId == '" + muted + "' }.silenceId", org.hamcrest.Matchers.equalTo(silenceId))
                .body("items.find { it.alarmId == '" + other + "' }.silenceId", org.hamcrest.Matchers.nullValue());

        given().when().delete(silences + "/" + silenceId).then().statusCode(204);
        await("the notifier sees the silence expired").atMost(Duration.ofSeconds(10))
                .until(() -> activeSilences.silencing("CUSTOMER_FLOOD", "77712").isEmpty());
        KinesisResource.put(KinesisResource.ALARMS_STREAM, "CUSTOMER_FLOOD:77712", customerAlarm(after, "77712"));
        await("the SMS once the silence is over").atMost(Duration.ofSeconds(10)).until(() -> !SnsPublishes.of(after).isEmpty());
        assertThat(SnsPublishes.of(muted)).as("still silenced: decided once").isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> history(List.of(after)).size() == 1);
    }
}
