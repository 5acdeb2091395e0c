package dev.sitewatch.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sitewatch.history.AlarmHistorian;
import dev.sitewatch.kinesis.StreamRecord;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Floods as episodes: a scripted day of alarms and flood ends, as the detector puts them on the stream, kept by the
 * real historian in a real MariaDB, then read back through {@code /floods} and the summary. Everything lies on
 * 2034-02-14, so other tests' rows never show up.
 */
@QuarkusTest
class FloodsApiTest {

    @TestHTTPResource("/floods")
    URL floods;

    @TestHTTPResource("/alarms/summary")
    URL summary;

    @Inject
    AlarmHistorian historian;

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static boolean seeded;

    /**
     * Site-wide flood A: 09:00:05 to 09:04:15 (three alarms, peak 83); customer 14911's flood B: 09:02:00 to
     * 09:03:10 (one alarm); site-wide flood C: 17:30:00, still going (two alarms so far).
     */
    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        List<String> events = List.of(
                alarm("ORDER_FLOOD-A1", "ORDER_FLOOD-A1", "ORDER_FLOOD", null, "09:00:05.250", 31),
                alarm("CUSTOMER_FLOOD-B1", "CUSTOMER_FLOOD-B1", "CUSTOMER_FLOOD", "14911", "09:02:00.000", 20),
                alarm("ORDER_FLOOD-A2", "ORDER_FLOOD-A1", "ORDER_FLOOD", null, "09:01:05.250", 70),
                alarm("ORDER_FLOOD-A3", "ORDER_FLOOD-A1", "ORDER_FLOOD", null, "09:02:05.250", 64),
                resolved("CUSTOMER_FLOOD-B1", "CUSTOMER_FLOOD", "14911", "09:02:00.000", "09:03:10.000", 24, "09:02:30.000", 1),
                resolved("ORDER_FLOOD-A1", "ORDER_FLOOD", null, "09:00:05.250", "09:04:15.250", 83, "09:01:50.000", 3),
                alarm("ORDER_FLOOD-C1", "ORDER_FLOOD-C1", "ORDER_FLOOD", null, "17:30:00.000", 40),
                alarm("ORDER_FLOOD-C2", "ORDER_FLOOD-C1", "ORDER_FLOOD", null, "17:31:00.000", 44));
        List<StreamRecord> records = new ArrayList<>();
        for (String event : events) {
            long n = SEQUENCE.incrementAndGet();
            records.add(new StreamRecord("shardId-000000000000:" + n, "website-alarms", String.valueOf(n), "pk",
                    Instant.parse("2034-02-14T18:00:00Z"), event.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(historian.record(records).failedSequenceNumbers()).isEmpty();
        seeded = true;
    }

    private static String alarm(String alarmId, String floodId, String type, String key, String time, int count) {
        return """
                {"alarmId":"%s","floodId":"%s","type":"%s","key":%s,"windowEnd":"2034-02-14T%sZ","windowSeconds":15,\
                "orderCount":%d,"threshold":%d}""".formatted(alarmId, floodId, type, json(key), time, count,
                type.equals("ORDER_FLOOD") ? 30 : 20);
    }

    private static String resolved(String floodId, String type, String key, String start, String end, int peak,
                                   String peakAt, int alarms) {
        return """
                {"resolved":true,"alarmId":"RESOLVED-%s","floodId":"%s","type":"%s","key":%s,\
                "startedAt":"2034-02-14T%sZ","endedAt":"2034-02-14T%sZ","peakCount":%d,"peakAt":"2034-02-14T%sZ",\
                "alarms":%d,"lastCount":30,"endCount":0,"threshold":30,"windowSeconds":15}"""
                .formatted(floodId, floodId, type, json(key), start, end, peak, peakAt, alarms);
    }

    private static String json(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    private JsonPath list(Map<String, ?> query) {
        return given().queryParams(query).when().get(floods.toString())
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    @Test
    void theDaysFloodsNewestFirstWithTheirFigures() {
        JsonPath day = list(Map.of("from", "2034-02-14", "to", "2034-02-15"));

        assertThat(day.getList("items.floodId", String.class))
                .containsExactly("ORDER_FLOOD-C1", "CUSTOMER_FLOOD-B1", "ORDER_FLOOD-A1");
        Map<String, Object> open = day.getMap("items[0]");
        assertThat(open).containsEntry("open", true).containsEntry("alarms", 2).containsEntry("peakCount", 44)
                .containsEntry("startedAt", "2034-02-14T17:30:00Z").containsEntry("peakAt", "2034-02-14T17:31:00Z");
        assertThat(open.get("endedAt")).isNull();
        Map<String, Object> ended = day.getMap("items[2]");
        assertThat(ended).containsEntry("open", false).containsEntry("type", "ORDER_FLOOD")
                .containsEntry("startedAt", "2034-02-14T09:00:05.250Z").containsEntry("endedAt", "2034-02-14T09:04:15.250Z")
                .containsEntry("seconds", 250).containsEntry("peakCount", 83).containsEntry("alarms", 3)
                .containsEntry("threshold", 30).containsEntry("windowSeconds", 15);
    }

    @Test
    void filteredByTypeAndKeyAndPagedByCursor() {
        assertThat(list(Map.of("from", "2034-02-14", "to", "2034-02-15", "type", "CUSTOMER_FLOOD", "key", "14911"))
                .getList("items.floodId", String.class)).containsExactly("CUSTOMER_FLOOD-B1");
        assertThat(list(Map.of("from", "2034-02-14", "to", "2034-02-15", "key", "99999"))
                .getList("items", Object.class)).isEmpty();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new java.util.HashMap<>(Map.of("from", "2034-02-14", "to", "2034-02-15", "limit", 1));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath page = list(query);
            paged.addAll(page.getList("items.floodId", String.class));
            cursor = page.getString("next");
        } while (cursor != null && paged.size() < 10);
        assertThat(paged).containsExactly("ORDER_FLOOD-C1", "CUSTOMER_FLOOD-B1", "ORDER_FLOOD-A1");
    }

    @Test
    void oneFloodWithItsAlarms() {
        long id = list(Map.of("from", "2034-02-14T09:00:00Z", "to", "2034-02-14T09:01:00Z", "type", "ORDER_FLOOD"))
                .getLong("items[0].id");

        JsonPath flood = given().when().get(floods + "/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(flood.getString("floodId")).isEqualTo("ORDER_FLOOD-A1");
        assertThat(flood.getList("alarmList.alarmId", String.class))
                .containsExactly("ORDER_FLOOD-A1", "ORDER_FLOOD-A2", "ORDER_FLOOD-A3");
        assertThat(flood.getList("alarmList.orderCount", Integer.class)).containsExactly(31, 70, 64);

        given().when().get(floods + "/999999999").then().statusCode(404).contentType("application/problem+json");
        given().when().get(floods + "/abc").then().statusCode(400).body("parameter", equalTo("id"));
    }

    @Test
    void theSummarysLongestFloodIsTheLongestEpisode() {
        // A lasted 250 s; C is still going, counted up to now, so it is longest over a range that holds it
        given().queryParam("from", "2034-02-14T00:00:00Z").queryParam("to", "2034-02-14T12:00:00Z")
                .when().get(summary.toString()).then().statusCode(200)
                .body("longestFlood.floodId", equalTo("ORDER_FLOOD-A1"))
                .body("longestFlood.seconds", equalTo(250))
                .body("longestFlood.peakCount", equalTo(83))
                .body("longestFlood.alarms", equalTo(3));
    }

    @Test
    void badParametersAreProblemsNamingThem() {
        for (Map.Entry<String, String> bad : Map.of("from", "yesterday", "type", "order flood", "limit", "0",
                "cursor", "not-a-cursor", "key", "k".repeat(129)).entrySet()) {
            given().queryParam(bad.getKey(), bad.getValue()).when().get(floods.toString())
                    .then().statusCode(400).contentType("application/problem+json").body("parameter", equalTo(bad.getKey()));
        }
    }
}
