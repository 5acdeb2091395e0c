package dev.sitewatch.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The REST API against a real MariaDB, with alarms seeded across day, month and daylight-saving boundaries (Europe/
 * London starts summer time on 2031-03-30 at 01:00 UTC) and checked against numbers worked out by hand. All seeded
 * alarms lie in 2031 and 2033, so other tests' rows never show up in these ranges.
 */
@QuarkusTest
class AlarmsApiTest {

    // RestAssured's default port belongs to the Lambda mock event server: address the HTTP server explicitly.
    @TestHTTPResource("/alarms")
    URL alarms;

    private static final Map<String, Long> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void seed() {
        if (!IDS.isEmpty()) {
            return;
        }
        IDS.put("A", AlarmRows.insert("api-A", "ORDER_FLOOD", null, "2031-03-29T23:30:00Z", 40));
        IDS.put("B", AlarmRows.insert("api-B", "ORDER_FLOOD", null, "2031-03-30T23:30:00Z", 50));
        IDS.put("C", AlarmRows.insert("api-C", "CUSTOMER_FLOOD", "17850", "2031-03-31T00:10:00Z", 12));
        IDS.put("D", AlarmRows.insert("api-D", "ORDER_FLOOD", null, "2031-03-31T23:59:59Z", 35));
        IDS.put("E", AlarmRows.insert("api-E", "ORDER_FLOOD", null, "2031-04-01T00:00:00Z", 60));
        IDS.put("F", AlarmRows.insert("api-F", "ORDER_FLOOD", null, "2031-04-15T10:00:00Z", 30));
        // alarms a minute apart, then a gap of six minutes, then one more
        IDS.put("G1", AlarmRows.insert("api-G1", "ORDER_FLOOD", null, "2031-04-20T10:00:00Z", 31));
        IDS.put("G2", AlarmRows.insert("api-G2", "ORDER_FLOOD", null, "2031-04-20T10:01:00Z", 32));
        IDS.put("G3", AlarmRows.insert("api-G3", "ORDER_FLOOD", null, "2031-04-20T10:02:00Z", 33));
        IDS.put("G4", AlarmRows.insert("api-G4", "ORDER_FLOOD", null, "2031-04-20T10:03:00Z", 34));
        IDS.put("G5", AlarmRows.insert("api-G5", "ORDER_FLOOD", null, "2031-04-20T10:04:00Z", 35));
        IDS.put("G6", AlarmRows.insert("api-G6", "ORDER_FLOOD", null, "2031-04-20T10:10:00Z", 36));
        // 2033-05-10, around the range 10:20Z..13:40Z, which the aggregates read as history [10:20, 10:30), slots
        // [10:30, 11:00), hours [11:00, 13:00), slots [13:00, 13:30), history [13:30, 13:40). Order counts are powers
        // of two, so a sum tells which alarms were counted.
        String[][] hours = {
                {"10:10:00", "1"}, {"10:19:59", "2"}, // before the range, in the slots and the hour it cuts
                {"10:20:00", "4"}, {"10:29:59", "8"}, // history edge
                {"10:30:00", "16"}, {"10:59:59", "32"}, // slots
                {"11:00:00", "64"}, {"12:59:59", "128"}, // hours
                {"13:00:00", "256"}, {"13:29:59", "512"}, // slots
                {"13:30:00", "1024"}, {"13:39:59", "2048"}, // history edge
                {"13:40:00", "4096"}, {"13:50:00", "8192"}}; // at the end and after
        for (int i = 0; i < hours.length; i++) {
            String id = "api-H" + (i + 1);
            IDS.put(id, AlarmRows.insert(id, "ORDER_FLOOD", null, "2033-05-10T" + hours[i][0] + "Z",
                    Integer.parseInt(hours[i][1])));
        }
        IDS.put("HC", AlarmRows.insert("api-HC", "CUSTOMER_FLOOD", "17850", "2033-05-10T12:00:00Z", 16384));
    }

    private JsonPath get(String path, Map<String, ?> query) {
        return given().queryParams(query).when().get(alarms + path)
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    private static List<List<Object>> buckets(JsonPath json) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> b : json.<Map<String, Object>>getList("buckets")) {
            rows.add(List.of(b.get("start"), b.get("localStart"), b.get("alarms"), b.get("orders"), b.get("maxOrders")));
        }
        return rows;
    }

    @Test
    void daysInUtc() {
        JsonPath json = get("/aggregates", Map.of("bucket", "day", "from", "2031-03-29", "to", "2031-04-02"));
        assertThat(json.getString("bucket")).isEqualTo("day");
        assertThat(json.getString("tz")).isEqualTo("UTC");
        assertThat(buckets(json)).containsExactly(
                List.of("2031-03-29T00:00:00Z", "2031-03-29T00:00:00", 1, 40, 40),
                List.of("2031-03-30T00:00:00Z", "2031-03-30T00:00:00", 1, 50, 50),
                List.of("2031-03-31T00:00:00Z", "2031-03-31T00:00:00", 2, 47, 35),
                List.of("2031-04-01T00:00:00Z", "2031-04-01T00:00:00", 1, 60, 60));
    }

    @Test
    void daysInLondonAcrossTheStartOfSummerTime() {
        JsonPath json = get("/aggregates", Map.of("bucket", "day", "from", "2031-03-29", "to", "2031-04-02",
                "tz", "Europe/London"));
        assertThat(json.getString("from")).isEqualTo("2031-03-29T00:00:00Z");
        assertThat(json.getString("to")).isEqualTo("2031-04-01T23:00:00Z"); // midnight BST
        // B (23:30 UTC on the 30th) is 00:30 BST on the 31st; D (23:59:59 UTC on the 31st) is in April in London,
        // with E (01:00 BST on April 1st)
        assertThat(buckets(json)).containsExactly(
                List.of("2031-03-29T00:00:00Z", "2031-03-29T00:00:00", 1, 40, 40),
                List.of("2031-03-30T23:00:00Z", "2031-03-31T00:00:00", 2, 62, 50),
                List.of("2031-03-31T23:00:00Z", "2031-04-01T00:00:00", 2, 95, 60));
    }

    @Test
    void monthsInUtcAndInLondon() {
        assertThat(buckets(get("/aggregates", Map.of("bucket", "month", "from", "2031-03-01", "to", "2031-05-01"))))
                .containsExactly(
                        List.of("2031-03-01T00:00:00Z", "2031-03-01T00:00:00", 4, 137, 50),
                        List.of("2031-04-01T00:00:00Z", "2031-04-01T00:00:00", 8, 291, 60));
        assertThat(buckets(get("/aggregates", Map.of("bucket", "month", "from", "2031-03-01", "to", "2031-05-01",
                "tz", "Europe/London"))))
                .containsExactly(
                        List.of("2031-03-01T00:00:00Z", "2031-03-01T00:00:00", 3, 102, 50),
                        List.of("2031-03-31T23:00:00Z", "2031-04-01T00:00:00", 9, 326, 60));
    }

    @Test
    void hoursInAHalfHourZone() {
        // Kolkata is UTC+05:30: D (23:59:59Z) and E (00:00Z) share the local hour 05:00, which starts at 23:30Z
        JsonPath json = get("/aggregates", Map.of("bucket", "hour", "from", "2031-03-31T23:00:00Z",
                "to", "2031-04-01T01:00:00Z", "tz", "Asia/Kolkata"));
        assertThat(buckets(json)).containsExactly(List.of("2031-03-31T23:30:00Z", "2031-04-01T05:00:00", 2, 95, 60));
    }

    @Test
    void minutesAndTheTypeFilter() {
        assertThat(buckets(get("/aggregates", Map.of("bucket", "minute", "from", "2031-04-20T10:00:00Z",
                "to", "2031-04-20T10:02:00Z"))))
                .containsExactly(List.of("2031-04-20T10:00:00Z", "2031-04-20T10:00:00", 1, 31, 31),
                        List.of("2031-04-20T10:01:00Z", "2031-04-20T10:01:00", 1, 32, 32));
        JsonPath json = get("/aggregates", Map.of("bucket", "day", "from", "2031-03-29", "to", "2031-04-02",
                "type", "CUSTOMER_FLOOD"));
        assertThat(json.getString("type")).isEqualTo("CUSTOMER_FLOOD");
        assertThat(buckets(json)).containsExactly(List.of("2031-03-31T00:00:00Z", "2031-03-31T00:00:00", 1, 12, 12));
    }

    @Test
    void rangesThatCutThroughFifteenMinuteSlotsCountOnlyWhatIsInside() {
        // G2 at 10:01:00 is before from, G3 (10:02) and G4 (10:03) are inside, G5 (10:04) is at to: outside
        assertThat(buckets(get("/aggregates", Map.of("bucket", "hour", "from", "2031-04-20T10:01:00.500Z",
                "to", "2031-04-20T10:04:00Z"))))
                .containsExactly(List.of("2031-04-20T10:00:00Z", "2031-04-20T10:00:00", 2, 67, 34));
        // whole slots from the rollup plus ragged edges from the history: 09:59 to 10:10:01 holds G1..G6
        assertThat(buckets(get("/aggregates", Map.of("bucket", "hour", "from", "2031-04-20T09:59:00Z",
                "to", "2031-04-20T10:10:01Z"))))
                .containsExactly(List.of("2031-04-20T10:00:00Z", "2031-04-20T10:00:00", 6, 201, 36));
        assertThat(buckets(get("/aggregates", Map.of("bucket", "day", "from", "2031-03-29T23:30:01Z",
                "to", "2031-04-15T10:00:00Z"))))
                .extracting(b -> b.get(2)).containsExactly(1, 2, 1);
    }

    @Test
    void rangesThatCutThroughHoursCountOnlyWhatIsInside() {
        Map<String, String> range = Map.of("from", "2033-05-10T10:20:00Z", "to", "2033-05-10T13:40:00Z");
        // 10:00 holds H3..H6 (4+8+16+32), not H1/H2 before from; 12:00 holds H8 and HC; 13:00 H9..H12, not H13 at to
        assertThat(buckets(get("/aggregates", with(range, "bucket", "hour")))).containsExactly(
                List.of("2033-05-10T10:00:00Z", "2033-05-10T10:00:00", 4, 60, 32),
                List.of("2033-05-10T11:00:00Z", "2033-05-10T11:00:00", 1, 64, 64),
                List.of("2033-05-10T12:00:00Z", "2033-05-10T12:00:00", 2, 16512, 16384),
                List.of("2033-05-10T13:00:00Z", "2033-05-10T13:00:00", 4, 3840, 2048));
        // London is on summer time (+01:00), whole hours: the same buckets, an hour later on the clock
        assertThat(buckets(get("/aggregates", with(range, "bucket", "hour", "tz", "Europe/London"))))
                .extracting(b -> b.get(1), b -> b.get(3)).containsExactly(
                        tuple("2033-05-10T11:00:00", 60),
                        tuple("2033-05-10T12:00:00", 64),
                        tuple("2033-05-10T13:00:00", 16512),
                        tuple("2033-05-10T14:00:00", 3840));
        // H3..H12 and HC: 4 + 8 + ... + 2048 = 4092, plus 16384
        assertThat(buckets(get("/aggregates", with(range, "bucket", "day"))))
                .containsExactly(List.of("2033-05-10T00:00:00Z", "2033-05-10T00:00:00", 11, 20476, 16384));
        assertThat(buckets(get("/aggregates", with(range, "bucket", "hour", "type", "ORDER_FLOOD"))))
                .extracting(b -> b.get(3)).containsExactly(60, 64, 128, 3840);
        // the whole month: every H and HC, 1 + 2 + ... + 8192 = 16383, plus 16384
        assertThat(buckets(get("/aggregates", Map.of("bucket", "month", "from", "2033-05-01", "to", "2033-06-01"))))
                .containsExactly(List.of("2033-05-01T00:00:00Z", "2033-05-01T00:00:00", 15, 32767, 16384));
    }

    @Test
    void hoursInAHalfHourZoneAcrossSeveralHours() {
        // Kolkata (+05:30) hours start at :30 UTC, inside the UTC hours of the hourly rollup, so the half-hourly one
        // is read for [10:30Z, 13:30Z), slots and single alarms at the edges (powers of two: a miss or a double shows):
        // 15:00 IST = [09:30Z, 10:30Z) holds H3, H4 (not H1, H2 before from); 16:00 = [10:30Z, 11:30Z) H5, H6, H7;
        // 17:00 = [11:30Z, 12:30Z) HC only; 18:00 = [12:30Z, 13:30Z) H8, H9, H10; 19:00 = [13:30Z, 14:30Z) H11, H12
        Map<String, String> range = Map.of("from", "2033-05-10T10:20:00Z", "to", "2033-05-10T13:40:00Z",
                "tz", "Asia/Kolkata");
        assertThat(buckets(get("/aggregates", with(range, "bucket", "hour")))).containsExactly(
                List.of("2033-05-10T09:30:00Z", "2033-05-10T15:00:00", 2, 12, 8),
                List.of("2033-05-10T10:30:00Z", "2033-05-10T16:00:00", 3, 112, 64),
                List.of("2033-05-10T11:30:00Z", "2033-05-10T17:00:00", 1, 16384, 16384),
                List.of("2033-05-10T12:30:00Z", "2033-05-10T18:00:00", 3, 896, 512),
                List.of("2033-05-10T13:30:00Z", "2033-05-10T19:00:00", 2, 3072, 2048));
        // the day 2033-05-10 IST is [05-09T18:30Z, 05-10T18:30Z): all eleven inside the range
        assertThat(buckets(get("/aggregates", with(range, "bucket", "day"))))
                .containsExactly(List.of("2033-05-09T18:30:00Z", "2033-05-10T00:00:00", 11, 20476, 16384));
    }

    private static Map<String, String> with(Map<String, String> query, String... more) {
        Map<String, String> all = new java.util.HashMap<>(query);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    @Test
    void theRangeIsHalfOpen() {
        // E is at exactly 2031-04-01T00:00:00Z: in [.., E], not in [.., E)
        assertThat(buckets(get("/aggregates", Map.of("bucket", "day", "from", "2031-03-31T00:00:00Z",
                "to", "2031-04-01T00:00:00Z")))).containsExactly(List.of("2031-03-31T00:00:00Z", "2031-03-31T00:00:00", 2, 47, 35));
        assertThat(get("", Map.of("from", "2031-04-01T00:00:00Z", "to", "2031-04-01T00:00:01Z"))
                .getList("items.alarmId")).containsExactly("api-E");
    }

    @Test
    void oneAlarmWithEverything() {
        given().when().get(alarms + "/" + IDS.get("C"))
                .then().statusCode(200)
                .body("id", equalTo(IDS.get("C").intValue()))
                .body("alarmId", equalTo("api-C"))
                .body("type", equalTo("CUSTOMER_FLOOD"))
                .body("key", equalTo("17850"))
                .body("time", equalTo("2031-03-31T00:10:00Z"))
                .body("orderCount", equalTo(12))
                .body("threshold", equalTo(30))
                .body("window.start", equalTo("2031-03-31T00:09:45Z"))
                .body("window.end", equalTo("2031-03-31T00:10:00Z"))
                .body("window.seconds", equalTo(15))
                .body("topContributors.customers[0].key", equalTo("17850"))
                .body("topContributors.customers[0].count", equalTo(9))
                .body("notifiedAt", equalTo("2031-03-31T00:10:00Z"));
    }

    @Test
    void anUnknownAlarmIsA404Problem() {
        given().when().get(alarms + "/999999999")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"))
                .body("detail", equalTo("Alarm 999999999 does not exist"));
    }

    @Test
    void listsNewestFirstWithFilters() {
        JsonPath json = get("", Map.of("from", "2031-03-29", "to", "2031-04-02"));
        assertThat(json.getList("items.alarmId")).containsExactly("api-E", "api-D", "api-C", "api-B", "api-A");
        assertThat(json.getString("next")).isNull();
        assertThat(get("", Map.of("from", "2031-01-01", "to", "2032-01-01", "type", "CUSTOMER_FLOOD"))
                .getList("items.alarmId")).containsExactly("api-C");
    }

    @Test
    void pagesAreStableWhileNewAlarmsArrive() {
        Map<String, String> year = Map.of("from", "2031-01-01", "to", "2032-01-01");
        List<String> all = get("", Map.of("from", "2031-01-01", "to", "2032-01-01", "limit", "500")).getList("items.alarmId");
        assertThat(all).startsWith("api-G6", "api-G5").endsWith("api-B", "api-A").doesNotHaveDuplicates();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query = new java.util.HashMap<>(year);
            query.put("limit", "5");
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath page = get("", query);
            paged.addAll(page.getList("items.alarmId"));
            cursor = page.getString("next");
            if (pages++ == 0) {
                // a newer alarm arriving between pages must not shift what comes next
                AlarmRows.insert("api-late-" + System.nanoTime(), "ORDER_FLOOD", null, "2031-12-31T23:00:00Z", 99);
            }
        } while (cursor != null && pages < 10);

        assertThat(paged).containsExactlyElementsOf(all);
    }

    @Test
    void summaryOfARange() {
        given().queryParam("from", "2031-04-20").queryParam("to", "2031-04-21").when().get(alarms + "/summary")
                .then().statusCode(200)
                .body("alarms", equalTo(6))
                .body("orders", equalTo(201))
                .body("byType.ORDER_FLOOD", equalTo(6))
                .body("busiestHour.start", equalTo("2031-04-20T10:00:00Z"))
                .body("busiestHour.alarms", equalTo(6))
                // alarms written without a flood id (as before episodes) belong to no flood: FloodsApiTest has floods
                .body("longestFlood", nullValue())
                .body("lastAlarm.alarmId", equalTo("api-G6"));
    }

    @Test
    void summaryOfAQuietRange() {
        given().queryParam("from", "2031-06-01").queryParam("to", "2031-06-02").when().get(alarms + "/summary")
                .then().statusCode(200)
                .body("alarms", equalTo(0))
                .body("busiestHour", nullValue())
                .body("longestFlood", nullValue())
                .body("lastAlarm", nullValue());
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        record Case(String path, Map<String, String> query, String parameter) {
        }
        for (Case c : List.of(
                new Case("/aggregates", Map.of("bucket", "week"), "bucket"),
                new Case("/aggregates", Map.of(), "bucket"),
                new Case("/aggregates", Map.of("bucket", "day", "from", "2031-05-01", "to", "2031-04-01"), "from"),
                new Case("/aggregates", Map.of("bucket", "day", "from", "yesterday"), "from"),
                new Case("/aggregates", Map.of("bucket", "day", "from", "2020-01-01", "to", "2031-01-01"), "from"),
                new Case("/aggregates", Map.of("bucket", "minute", "from", "2031-01-01", "to", "2031-02-01"), "from"),
                new Case("/aggregates", Map.of("bucket", "day", "tz", "Mars/Olympus"), "tz"),
                new Case("/aggregates", Map.of("bucket", "day", "type", "order flood; DROP TABLE logs_history"), "type"),
                new Case("", Map.of("limit", "501"), "limit"),
                new Case("", Map.of("limit", "ten"), "limit"),
                new Case("", Map.of("cursor", "not-a-cursor"), "cursor"),
                new Case("", Map.of("from", "0001-01-01T00:00:00Z"), "from"),
                new Case("/summary", Map.of("to", "2031-13-45"), "to"),
                new Case("/abc", Map.of(), "id"))) {
            given().queryParams(c.query()).when().get(alarms + c.path())
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("type", equalTo("https://sitewatch.dev/problems/bad-parameter"))
                    .body("title", equalTo("Bad request parameter"))
                    .body("parameter", equalTo(c.parameter()));
        }
    }

    @Test
    void aDefaultedFromStopsAtTheEarliestTime() {
        // to minus the default 30 days (a day for minutes) would lie before 1970: the range begins at 1970 instead
        JsonPath days = get("/aggregates", Map.of("bucket", "day", "to", "1970-01-05"));
        assertThat(days.getString("from")).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(days.getString("to")).isEqualTo("1970-01-05T00:00:00Z");
        assertThat(days.getList("buckets")).isEmpty();
        assertThat(get("/aggregates", Map.of("bucket", "minute", "to", "1970-01-01T12:00:00Z")).getString("from"))
                .isEqualTo("1970-01-01T00:00:00Z");
        JsonPath summary = get("/summary", Map.of("to", "1970-01-05"));
        assertThat(summary.getString("from")).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(summary.getInt("alarms")).isZero();
        // a from that is given is not moved: before 1970 it is refused
        given().queryParam("from", "1969-12-31").queryParam("to", "1970-01-05").when().get(alarms + "/summary")
                .then().statusCode(400).body("parameter", equalTo("from"));
        // with to at the floor itself no range is left; the problem names to, the parameter that was sent
        for (String path : List.of("/aggregates", "/summary")) {
            given().queryParam("bucket", "day").queryParam("to", "1970-01-01T00:00:00Z").when().get(alarms + path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("parameter", equalTo("to"))
                    .body("detail", equalTo("to must be after 1970-01-01T00:00:00Z; got 1970-01-01T00:00:00Z"));
        }
    }

    @Test
    void healthChecksTheDatabase() {
        given().when().get(alarms.toString().replace("/alarms", "/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        JsonPath openApi = given().queryParam("format", "json").when()
                .get(alarms.toString().replace("/alarms", "/q/openapi"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(openApi.getMap("paths")).containsKeys("/alarms", "/alarms/{id}", "/alarms/aggregates", "/alarms/summary");
        assertThat(openApi.getString("paths.'/alarms/aggregates'.get.summary")).isEqualTo("Alarms per minute, hour, day or month");
        assertThat(openApi.getList("paths.'/alarms/aggregates'.get.parameters.name"))
                .contains("bucket", "from", "to", "type", "tz");
    }
}
