package dev.sitewatch.local;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.history.AlarmRecord;
import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.order.OrderItem;
import dev.sitewatch.order.OrderLine;
import dev.sitewatch.order.OrderLineParser;
import dev.sitewatch.testing.DynamoDbResource;
import dev.sitewatch.testing.KinesisResource;
import dev.sitewatch.testing.LocalPipelineResource;
import dev.sitewatch.testing.SnsPublishes;
import dev.sitewatch.testing.SnsResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The whole pipeline as the local run wires it: the log generator writes ordinary traffic, one flood by a bot
 * customer and some malformed lines into its CSV log, which the Kinesis Agent stand-in ships to website-orders under
 * the real ec2-setup/agent.json; the order-archiver (fed like Lambda's event-source mapping) stores
 * them; the flood detector (kda/, a real Flink MiniCluster in its own JVM) raises alarms on website-alarms; the
 * alarm-notifier publishes them to SNS (WireMock) once, the alarm-historian keeps them in MariaDB; the REST API
 * shows them; once the flood is over, one "flood over" notice per flood and two closed episodes. Mid-run all three functions are killed, the notifier in the middle of a batch, and restarted from
 * their checkpoints; then both streams are delivered again from the start, during the run and after it (functions
 * that restarted without a checkpoint): nothing is lost or doubled.
 */
@QuarkusTest
@TestProfile(LocalPipelineEndToEndTest.Pipeline.class)
@QuarkusTestResource(value = LocalPipelineResource.class, restrictToAnnotatedClass = true)
class LocalPipelineEndToEndTest {

    public static class Pipeline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sitewatch.local.feed.enabled", "true", "sitewatch.local.feed.batching-window", "200ms");
        }
    }

    private static final String ARCHIVER = LocalEventSourceMappings.ORDER_ARCHIVER;
    private static final String NOTIFIER = LocalEventSourceMappings.ALARM_NOTIFIER;
    private static final String HISTORIAN = LocalEventSourceMappings.ALARM_HISTORIAN;

    @Inject
    LocalEventSourceMappings mappings;

    @TestHTTPResource("/alarms")
    URL alarmsApi;

    @TestHTTPResource("/floods")
    URL floodsApi;

    private final OrderLineParser parser = new OrderLineParser(new ObjectMapper(), ZoneOffset.UTC, 65_536);

    @Test
    void ordersFloodAlarmsNotificationsAndHistoryEndToEnd() throws Exception {
        // SNS answers slowly at first, so that the notifier is caught in the middle of its first batch
        SnsResource.sns().acceptPublishAfter(Duration.ofSeconds(3));
        ShopBackend generator = LocalPipelineResource.startGenerator();
        LocalEventSourceMappings.Invocation killed;
        try {
            // all three functions crash mid-run, the notifier while it publishes its first batch, and come back at
            // once from their last checkpoints, while the generator is still sending and the killed call still
            // waits for SNS: the batch in flight is delivered again
            await("notifier caught mid-batch").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> mappings.invoking(NOTIFIER));
            mappings.kill(NOTIFIER);
            mappings.kill(ARCHIVER);
            mappings.kill(HISTORIAN);
            assertThat(mappings.invocations(NOTIFIER)).as("the notifier's batches when it was killed").hasSize(1);
            killed = mappings.invocations(NOTIFIER).get(0);
            mappings.restart(ARCHIVER);
            mappings.restart(NOTIFIER);
            mappings.restart(HISTORIAN);
        } finally {
            SnsResource.sns().acceptPublish();
        }
        await("the killed batch delivered again").atMost(Duration.ofSeconds(60))
                .until(() -> deliveries(NOTIFIER, killed).values().stream().allMatch(n -> n >= 2));
        // and once the alarms are in, all start over from the beginning of their streams (no checkpoint survived)
        await("both alarms in the history").atMost(Duration.ofSeconds(90)).until(() -> alarms().size() >= 2);
        assertThat(deliveries(NOTIFIER, killed)).as("each record of the killed batch: in the killed call and once after")
                .isNotEmpty().allSatisfy((sequenceNumber, times) -> assertThat(times).isEqualTo(2));
        redeliverEverything();

        assertThat(generator.waitFor(90_000)).as("generator finished; log " + generator.log()).isTrue();
        assertThat(generator.exitValue()).isZero();

        List<Record> sent = KinesisResource.readAll(KinesisResource.ORDERS_STREAM);
        Set<List<String>> expectedKeys = new HashSet<>();
        Set<String> malformed = new HashSet<>();
        List<Instant> botArrivals = new ArrayList<>();
        for (Record record : sent) {
            Decoded<OrderLine> decoded = parser.parse(record.data().asByteArray());
            if (decoded instanceof Decoded.Ok<OrderLine> ok) {
                expectedKeys.add(List.of(OrderItem.customerKey(ok.value()), OrderItem.orderKey(ok.value())));
                if (LocalPipelineResource.BOT.equals(ok.value().customer())) {
                    botArrivals.add(record.approximateArrivalTimestamp());
                }
            } else {
                malformed.add(record.sequenceNumber());
            }
        }
        assertThat(sent).hasSizeGreaterThan(300);
        assertThat(malformed).isNotEmpty();
        assertThat(botArrivals).hasSizeGreaterThan(100);

        await("every line archived or quarantined, both alarms notified and in the history")
                .atMost(Duration.ofSeconds(120))
                .until(() -> orderKeys().size() >= expectedKeys.size() && quarantined().size() >= malformed.size()
                        && alarms().size() >= 2 && alarms().stream().allMatch(a -> a.notifiedAt != null));

        // every valid line exactly once, every malformed one quarantined
        assertThat(orderKeys()).hasSameElementsAs(expectedKeys).hasSize(expectedKeys.size());
        assertThat(quarantined()).containsExactlyInAnyOrderElementsOf(malformed);

        // one flood: one ORDER_FLOOD and one CUSTOMER_FLOOD for the bot, raised while the flood went on
        Instant floodStart = botArrivals.stream().min(Instant::compareTo).orElseThrow();
        Instant floodEnd = botArrivals.stream().max(Instant::compareTo).orElseThrow();
        List<AlarmRecord> alarms = alarms();
        assertThat(alarms).extracting(a -> a.type + "/" + a.key)
                .containsExactlyInAnyOrder("ORDER_FLOOD/null", "CUSTOMER_FLOOD/" + LocalPipelineResource.BOT);
        assertThat(alarms).allSatisfy(alarm -> {
            assertThat(alarm.windowEnd).isBetween(floodStart, floodEnd);
            assertThat(alarm.numberOfOrders).isGreaterThanOrEqualTo(alarm.threshold);
            assertThat(alarm.notifiedAt).isNotNull();
            assertThat(alarm.raisedAt).as("a flood's first alarm is raised when detected").isEqualTo(alarm.windowEnd);
        });
        assertThat(alarms).allSatisfy(alarm -> assertThat(alarm.floodId).as("flood of %s", alarm.alarmId).isNotNull());

        // the REST API shows them
        JsonPath page = given().queryParam("from", floodStart.minusSeconds(60).toString())
                .when().get(alarmsApi.toString()).then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("items.alarmId", String.class))
                .containsExactlyInAnyOrderElementsOf(alarms.stream().map(a -> a.alarmId).toList());
        assertThat(page.getList("items.raisedAt", String.class)).map(Instant::parse)
                .containsExactlyInAnyOrderElementsOf(alarms.stream().map(a -> a.raisedAt).toList());

        // both floods end a window after the bot stopped, with no help from traffic: each an episode with exactly
        // the history's alarms of its type, and one "flood over" notice each, besides the alarms' own
        List<String> resolvedIds = alarms.stream().map(a -> "RESOLVED-" + a.floodId).distinct().toList();
        await("both floods over and told").atMost(Duration.ofSeconds(90))
                .until(() -> closedFloods(floodStart).size() == 2 && publishedAlarmIds().containsAll(resolvedIds)
                        && closedFloods(floodStart).stream().allMatch(f -> f.get("resolvedNotifiedAt") != null));
        for (Map<String, Object> flood : closedFloods(floodStart)) {
            List<String> ofType = alarms.stream().filter(a -> a.type.equals(flood.get("type"))).map(a -> a.alarmId).toList();
            List<String> alarmList = given().when().get(floodsApi + "/" + flood.get("id")).then().statusCode(200)
                    .extract().jsonPath().getList("alarmList.alarmId");
            assertThat(alarmList).as("alarms of %s", flood.get("floodId")).containsExactlyElementsOf(ofType);
            assertThat(Instant.parse((String) flood.get("endedAt"))).isAfter(floodEnd);
            assertThat(flood.get("resolvedNotifiedAt")).isNotNull();
        }
        List<String> expectedPublishes = new ArrayList<>(alarms.stream().map(a -> a.alarmId).toList());
        expectedPublishes.addAll(resolvedIds);
        assertThat(publishedAlarmIds()).containsExactlyInAnyOrderElementsOf(expectedPublishes);

        // and once more after the run: nothing lost, nothing doubled
        Set<String> orders = sequenceNumbers(KinesisResource.ORDERS_STREAM);
        Set<String> alarmStream = sequenceNumbers(KinesisResource.ALARMS_STREAM);
        Instant again = Instant.now();
        redeliverEverything();
        await("every function given its whole stream again, and caught up").atMost(Duration.ofSeconds(60))
                .until(() -> deliveredSince(ARCHIVER, again).containsAll(orders)
                        && deliveredSince(NOTIFIER, again).containsAll(alarmStream)
                        && deliveredSince(HISTORIAN, again).containsAll(alarmStream)
                        && mappings.caughtUp(ARCHIVER) && mappings.caughtUp(NOTIFIER) && mappings.caughtUp(HISTORIAN));
        assertThat(orderKeys()).hasSize(expectedKeys.size());
        assertThat(quarantined()).hasSize(malformed.size());
        assertThat(alarms()).hasSize(2);
        assertThat(closedFloods(floodStart)).hasSize(2);
        assertThat(publishedAlarmIds()).containsExactlyInAnyOrderElementsOf(expectedPublishes);
    }

    /** The floods of this run that are over, as {@code GET /floods} lists them. */
    private List<Map<String, Object>> closedFloods(Instant floodStart) {
        List<Map<String, Object>> floods = given().queryParam("from", floodStart.minusSeconds(60).toString())
                .queryParam("to", Instant.now().plusSeconds(3600).toString())
                .when().get(floodsApi.toString()).then().statusCode(200).extract().jsonPath().getList("items");
        return floods.stream().filter(f -> Boolean.FALSE.equals(f.get("open"))).toList();
    }

    /** How many batches handed to {@code function} held each record of {@code batch}. */
    private Map<String, Long> deliveries(String function, LocalEventSourceMappings.Invocation batch) {
        Map<String, Long> times = new TreeMap<>();
        batch.sequenceNumbers().forEach(sequenceNumber -> times.put(sequenceNumber, 0L));
        for (LocalEventSourceMappings.Invocation invocation : mappings.invocations(function)) {
            if (invocation.shardId().equals(batch.shardId())) {
                invocation.sequenceNumbers().forEach(s -> times.computeIfPresent(s, (key, n) -> n + 1));
            }
        }
        return times;
    }

    /** The sequence numbers of the records handed to {@code function} in batches that began at or after {@code since}. */
    private Set<String> deliveredSince(String function, Instant since) {
        return mappings.invocations(function).stream().filter(invocation -> !invocation.at().isBefore(since))
                .flatMap(invocation -> invocation.sequenceNumbers().stream()).collect(Collectors.toSet());
    }

    private static Set<String> sequenceNumbers(String stream) {
        return KinesisResource.readAll(stream).stream().map(Record::sequenceNumber).collect(Collectors.toSet());
    }

    private void redeliverEverything() throws InterruptedException {
        mappings.redeliverFromStart(ARCHIVER);
        mappings.redeliverFromStart(NOTIFIER);
        mappings.redeliverFromStart(HISTORIAN);
    }

    private static Set<List<String>> orderKeys() {
        Set<List<String>> keys = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = DynamoDbResource.client().scan(s -> s.tableName(DynamoDbResource.ORDERS_TABLE).exclusiveStartKey(from));
            page.items().forEach(item -> keys.add(List.of(item.get("CustomerID").s(), item.get("OrderID").s())));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    private static List<String> quarantined() {
        return DynamoDbResource.client().scan(s -> s.tableName(DynamoDbResource.QUARANTINE_TABLE)).items().stream()
                .filter(item -> item.get("Source").s().equals(KinesisResource.ORDERS_STREAM))
                .map(item -> item.get("SequenceNumber").s()).toList();
    }

    private static List<AlarmRecord> alarms() {
        return QuarkusTransaction.requiringNew().call(() -> AlarmRecord.<AlarmRecord>listAll());
    }

    private static List<String> publishedAlarmIds() {
        return SnsPublishes.all().stream().map(SnsPublishes.Publish::alarmId).toList();
    }
}
