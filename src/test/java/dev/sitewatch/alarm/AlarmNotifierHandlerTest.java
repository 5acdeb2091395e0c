package dev.sitewatch.alarm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.local.LocalSns;
import dev.sitewatch.testing.DynamoDbResource;
import dev.sitewatch.testing.KinesisEvents;
import dev.sitewatch.testing.KinesisResource;
import dev.sitewatch.testing.SnsPublishes;
import dev.sitewatch.testing.SnsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The alarm-notifier as Lambda runs it, with the database switched off as on AWS: real-shaped Kinesis events on the
 * mock event server; the exact Publish requests the real SNS SDK sent, read back from WireMock; the ledger read back
 * from DynamoDB (dynalite); the notifications it puts back on the stream read from Kinesis (kinesis-local).
 */
@QuarkusTest
@TestProfile(AlarmNotifierHandlerTest.NotifierFunction.class)
@QuarkusTestResource(value = KinesisResource.class, restrictToAnnotatedClass = true)
class AlarmNotifierHandlerTest {

    /** The function as deployed: the alarm-notifier selected, no database. */
    public static class NotifierFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "alarm-notifier", "sitewatch.database.enabled", "false",
                    "sitewatch.alarms.claim-lease", "2s", "sitewatch.alarms.resolved-notices-off", "QUIET_FLOOD");
        }
    }

    private static final String ALARMS_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms";
    private static final AtomicLong SEQUENCE = new AtomicLong(500_000);
    private static final AtomicLong ALARM = new AtomicLong();

    @Inject
    ObjectMapper mapper;

    private final LocalSns sns = SnsResource.sns();

    @BeforeEach
    void freshSns() {
        sns.acceptPublish();
        sns.server().resetRequests();
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

    private static Map<String, AttributeValue> ledger(String alarmId) {
        return DynamoDbResource.client().getItem(g -> g.tableName(DynamoDbResource.LEDGER_TABLE).consistentRead(true)
                .key(Map.of(NotificationLedger.PARTITION_KEY, AttributeValue.fromS(alarmId)))).item();
    }

    /** The notifications about {@code alarmId} that the notifier put on the alarm stream. */
    private List<Record> notificationsOf(String alarmId) {
        return KinesisResource.readAll(KinesisResource.ALARMS_STREAM).stream()
                .filter(r -> r.data().asUtf8String().contains("\"alarmId\":\"" + alarmId + "\"")).toList();
    }

    private JsonNode json(Record record) throws Exception {
        return mapper.readTree(record.data().asUtf8String());
    }

    @Test
    void eachAlarmIsPublishedOnceMarkedInTheLedgerAndReportedOnTheStream() throws Exception {
        String first = alarmId();
        String second = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(first, "2026-11-25T14:03:12.345Z", 42), Instant.parse("2026-11-25T14:03:13Z"))
                .record(orderFlood(second, "2026-11-25T14:04:30Z", 75), Instant.parse("2026-11-25T14:04:31Z"));

        assertThat(invoke(event)).isEmpty();

        List<SnsPublishes.Publish> published = SnsPublishes.of(first);
        assertThat(published).hasSize(1);
        Map<String, String> publish = published.get(0).fields();
        assertThat(publish.get("TopicArn")).isEqualTo(LocalSns.TOPIC_ARN);
        assertThat(publish.get("Subject")).isEqualTo("Sitewatch warning: order flood, 42 orders in 15 s");
        assertThat(publish.get("MessageStructure")).isEqualTo("json");
        JsonNode message = mapper.readTree(publish.get("Message"));
        assertThat(message.get("sms").asText()).isEqualTo("Sitewatch: 42 orders in 15 s at 2026-11-25 14:03:12 UTC (threshold 30)");
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
        assertThat(SnsPublishes.of(second)).singleElement()
                .satisfies(p -> assertThat(p.fields().get("MessageAttributes.entry.2.Value.StringValue")).isEqualTo("critical"));

        Map<String, AttributeValue> item = ledger(first);
        assertThat(item.get("State").s()).isEqualTo("SENT");
        assertThat(item.get("SnsMessageId").s()).isNotBlank();
        assertThat(item.get("Type").s()).isEqualTo("ORDER_FLOOD");
        assertThat(item).doesNotContainKeys("ClaimToken", "ClaimedUntil");
        assertThat(Long.parseLong(item.get("ExpiresAt").n())).as("TTL a week on")
                .isBetween(Instant.now().plus(Duration.ofDays(6)).getEpochSecond(),
                        Instant.now().plus(Duration.ofDays(8)).getEpochSecond());

        // what became of it, on the stream, under the alarm record's partition key: the historian reads it there
        Record notification = notificationsOf(first).stream().filter(r -> r.data().asUtf8String().contains("notification"))
                .findFirst().orElseThrow();
        assertThat(notification.partitionKey()).isEqualTo("pk-0");
        JsonNode reported = json(notification);
        assertThat(reported.get("notification").asText()).isEqualTo("SENT");
        assertThat(reported.get("snsMessageId").asText()).isEqualTo(item.get("SnsMessageId").s());
        assertThat(Instant.parse(reported.get("at").asText())).isEqualTo(Instant.parse(item.get("NotifiedAt").s()));
    }

    @Test
    void aCustomerFloodSaysWhichCustomer() throws Exception {
        String id = "CUSTOMER_FLOOD-test-" + ALARM.incrementAndGet();
        String alarm = """
                {"alarmId":"%s","type":"CUSTOMER_FLOOD","key":"17850","windowEnd":"2026-11-25T09:00:05Z",\
                "windowSeconds":15,"orderCount":12,"threshold":10}""".formatted(id);
        assertThat(invoke(batch().record(alarm, Instant.now()))).isEmpty();

        assertThat(ledger(id).get("Key").s()).isEqualTo("17850");
        assertThat(mapper.readTree(SnsPublishes.of(id).get(0).fields().get("Message")).get("sms").asText())
                .isEqualTo("Sitewatch: customer 17850 placed 12 orders in 15 s at 2026-11-25 09:00:05 UTC (threshold 10)");
    }

    @Test
    void aThrottledRepeatSaysWhenItWasRaisedAndWhenItsPeakWas() throws Exception {
        String floodId = alarmId();
        String repeat = "CUSTOMER_FLOOD-test-" + ALARM.incrementAndGet();
        String alarm = """
                {"alarmId":"%s","floodId":"%s","type":"CUSTOMER_FLOOD","key":"17850",\
                "windowEnd":"2026-11-25T23:59:40.250Z","raisedAt":"2026-11-26T00:00:05.250Z",\
                "windowSeconds":15,"orderCount":83,"threshold":30}""".formatted(repeat, floodId);
        assertThat(invoke(batch().record(alarm, Instant.now()))).isEmpty();

        JsonNode message = mapper.readTree(SnsPublishes.of(repeat).get(0).fields().get("Message"));
        // The peak was 25 s before the alarm and, here, on the day before: both dates are there.
        assertThat(message.get("sms").asText()).isEqualTo("Sitewatch: still flooding at 2026-11-26 00:00:05 UTC"
                + " - peak since last alarm: customer 17850 placed 83 orders in 15 s at 2026-11-25 23:59:40"
                + " (threshold 30)");
        assertThat(message.get("sms").asText()).hasSizeLessThanOrEqualTo(160);
        assertThat(message.get("email").asText())
                .contains("Detected:   2026-11-25 23:59:40 UTC (the highest count since the previous alarm)")
                .contains("Raised:     2026-11-26 00:00:05 UTC");
    }

    @Test
    void aRaisedAtBeforeTheWindowEndIsRejectedWithoutTouchingItsNeighbours() throws Exception {
        String bad = alarmId();
        String good = alarmId();
        String alarm = """
                {"alarmId":"%s","type":"ORDER_FLOOD","windowEnd":"2026-11-25T10:00:05Z",\
                "raisedAt":"2026-11-25T10:00:04Z","windowSeconds":15,"orderCount":31,"threshold":30}""".formatted(bad);
        assertThat(invoke(batch().record(alarm, Instant.now())
                .record(orderFlood(good, "2026-11-25T14:03:20Z", 32), Instant.now()))).isEmpty();

        assertThat(SnsPublishes.of(bad)).isEmpty();
        assertThat(SnsPublishes.of(good)).hasSize(1);
    }

    @Test
    void redeliverySendsNoSecondMessageAndReportsTheSameNotificationAgain() throws Exception {
        String first = alarmId();
        String second = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(first, "2026-11-25T15:00:00Z", 31), Instant.now())
                .record(orderFlood(second, "2026-11-25T15:01:00Z", 33), Instant.now());

        assertThat(invoke(event)).isEmpty();
        assertThat(invoke(event)).isEmpty();
        // and a replay by the detector: the same alarm in a new record
        assertThat(invoke(batch().record(orderFlood(first, "2026-11-25T15:00:00Z", 31), Instant.now()))).isEmpty();

        assertThat(SnsPublishes.of(first)).hasSize(1);
        assertThat(SnsPublishes.of(second)).hasSize(1);
        List<Record> notifications = notificationsOf(first);
        assertThat(notifications).hasSize(3);
        assertThat(notifications).extracting(r -> json(r).get("snsMessageId").asText()).containsOnly(
                ledger(first).get("SnsMessageId").s());
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
        assertThat(ledger(ok1).get("State").s()).isEqualTo("SENT");
        assertThat(ledger(ok2).get("State").s()).isEqualTo("SENT");
        assertThat(ledger(failing)).as("claim released for the retry").isEmpty();

        sns.acceptPublish();
        sns.server().resetRequests();
        // Lambda retries from the failed record on: the failing alarm and the one after it
        KinesisEvents retry = batch()
                .record(orderFlood(failing, "2026-11-25T16:01:00Z", 32), Instant.now())
                .record(orderFlood(ok2, "2026-11-25T16:02:00Z", 33), Instant.now());
        assertThat(invoke(retry)).isEmpty();

        assertThat(SnsPublishes.of(failing)).hasSize(1);
        assertThat(SnsPublishes.of(ok2)).isEmpty();
        assertThat(ledger(failing).get("State").s()).isEqualTo("SENT");
    }

    @Test
    void aMessageSnsRejectsForGoodIsRecordedAndNeverRetried() throws Exception {
        String rejected = alarmId();
        sns.server().stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing(rejected))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                        <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>\
                        <Code>InvalidParameter</Code><Message>Invalid parameter: Message too long</Message></Error>\
                        <RequestId>r</RequestId></ErrorResponse>""")));
        KinesisEvents event = batch().record(orderFlood(rejected, "2026-11-25T17:00:00Z", 30), Instant.now());

        assertThat(invoke(event)).isEmpty();
        assertThat(invoke(event)).isEmpty();

        assertThat(SnsPublishes.of(rejected)).hasSize(1);
        assertThat(ledger(rejected).get("State").s()).isEqualTo("REJECTED");
        assertThat(ledger(rejected).get("Reason").s()).contains("InvalidParameter");
        assertThat(notificationsOf(rejected)).hasSize(2)
                .allSatisfy(r -> assertThat(json(r).get("notification").asText()).isEqualTo("REJECTED"));
    }

    @Test
    void aClaimLeftByACrashedInvocationIsTakenOverOnceItsLeaseRunsOut() {
        String orphaned = alarmId();
        // an invocation claimed it and died before publishing; its claim holds for another 1.5 s
        long until = Instant.now().plusMillis(1_500).toEpochMilli();
        DynamoDbResource.client().putItem(p -> p.tableName(DynamoDbResource.LEDGER_TABLE).item(Map.of(
                NotificationLedger.PARTITION_KEY, AttributeValue.fromS(orphaned), "State", AttributeValue.fromS("CLAIMED"),
                "ClaimToken", AttributeValue.fromS("dead"), "ClaimedUntil", AttributeValue.fromN(Long.toString(until)))));

        assertThat(invoke(batch().record(orderFlood(orphaned, "2026-11-25T17:30:00Z", 30), Instant.now()))).isEmpty();

        assertThat(SnsPublishes.of(orphaned)).singleElement()
                .satisfies(p -> assertThat(p.receivedAt().toEpochMilli()).isGreaterThanOrEqualTo(until));
        assertThat(ledger(orphaned).get("State").s()).isEqualTo("SENT");
    }

    @Test
    void withTheLedgerDownNothingIsSentAndTheRetrySendsEachAlarmOnce() {
        String first = alarmId();
        String second = alarmId();
        KinesisEvents event = batch()
                .record(orderFlood(first, "2026-11-25T18:00:00Z", 31), Instant.now())
                .record(orderFlood(second, "2026-11-25T18:01:00Z", 32), Instant.now());

        DynamoDbResource.stopDynamo();
        List<String> failures;
        try {
            failures = invoke(event);
        } finally {
            DynamoDbResource.restartDynamo();
        }
        assertThat(failures).containsExactlyElementsOf(event.sequenceNumbers());
        assertThat(SnsPublishes.all()).isEmpty(); // a message sent without its claim could go out twice

        assertThat(invoke(event)).isEmpty();
        assertThat(SnsPublishes.of(first)).hasSize(1);
        assertThat(SnsPublishes.of(second)).hasSize(1);
    }

    @Test
    void recordsThatAreNotAlarmsAreNotSentAndDoNotHoldUpTheOthers() {
        String good = alarmId();
        KinesisEvents event = batch()
                .record("not json at all", Instant.now())
                .record(orderFlood(good, "2026-11-25T19:00:00Z", 40), Instant.now())
                .record("{\"alarmId\":\"x\",\"type\":\"ORDER_FLOOD\",\"windowEnd\":\"yesterday\",\"windowSeconds\":15,"
                        + "\"orderCount\":40,\"threshold\":30}", Instant.now())
                .record("{\"notification\":\"SENT\",\"alarmId\":\"" + good + "\",\"at\":\"2026-11-25T19:00:01Z\"}",
                        Instant.now());

        assertThat(invoke(event)).isEmpty();

        assertThat(SnsPublishes.all()).extracting(SnsPublishes.Publish::alarmId).containsExactly(good);
    }

    static String resolved(String floodId, String type, String key) {
        return """
                {"resolved":true,"alarmId":"RESOLVED-%s","floodId":"%s","type":"%s","key":%s,\
                "startedAt":"2026-11-25T14:01:02.000Z","endedAt":"2026-11-25T14:05:12.000Z","peakCount":83,\
                "peakAt":"2026-11-25T14:03:40.250Z","alarms":5,"lastCount":36,"endCount":0,"threshold":30,\
                "windowSeconds":15}""".formatted(floodId, floodId, type, key == null ? "null" : "\"" + key + "\"");
    }

    @Test
    void aFloodsEndIsToldOnceWithItsFigures() throws Exception {
        String flood = alarmId();
        KinesisEvents event = batch().record(resolved(flood, "ORDER_FLOOD", null), Instant.now());

        assertThat(invoke(event)).isEmpty();
        assertThat(invoke(event)).isEmpty(); // redelivered: still one notice

        List<SnsPublishes.Publish> published = SnsPublishes.of("RESOLVED-" + flood);
        assertThat(published).hasSize(1);
        JsonNode message = mapper.readTree(published.get(0).fields().get("Message"));
        assertThat(message.get("sms").asText()).isEqualTo("Sitewatch: flood over - 36->0 orders/15 s, lasted 4 min 10 s, "
                + "peak 83 at 2026-11-25 14:03:40 UTC, 5 alarms");
        assertThat(published.get(0).fields()).containsEntry("MessageAttributes.entry.2.Value.StringValue", "resolved")
                .containsEntry("Subject", "Sitewatch resolved: order flood over after 4 min 10 s");
        assertThat(ledger("RESOLVED-" + flood).get("State").s()).isEqualTo("SENT");
        assertThat(notificationsOf("RESOLVED-" + flood)).hasSize(2)
                .allSatisfy(r -> assertThat(json(r).get("floodId").asText()).isEqualTo(flood));
    }

    @Test
    void aCustomersFloodEndNamesTheCustomer() throws Exception {
        String flood = "CUSTOMER_FLOOD-test-" + ALARM.incrementAndGet();
        assertThat(invoke(batch().record(resolved(flood, "CUSTOMER_FLOOD", "14911"), Instant.now()))).isEmpty();

        assertThat(mapper.readTree(SnsPublishes.of("RESOLVED-" + flood).get(0).fields().get("Message")).get("sms").asText())
                .isEqualTo("Sitewatch: customer 14911 flood over - 36->0 orders/15 s, lasted 4 min 10 s, "
                        + "peak 83 at 2026-11-25 14:03:40 UTC, 5 alarms");
    }

    @Test
    void resolvedNoticesTurnedOffForATypeAreNotSent() {
        String quiet = "QUIET_FLOOD-test-" + ALARM.incrementAndGet();
        String loud = alarmId();
        assertThat(invoke(batch().record(resolved(quiet, "QUIET_FLOOD", null), Instant.now())
                .record(resolved(loud, "ORDER_FLOOD", null), Instant.now()))).isEmpty();

        assertThat(SnsPublishes.all()).extracting(SnsPublishes.Publish::alarmId).containsExactly("RESOLVED-" + loud);
        assertThat(ledger("RESOLVED-" + quiet)).as("nothing to remember").isEmpty();
    }
}
