package dev.sitewatch.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Buckets in zones whose offsets are not multiples of 15 minutes, worked out by hand: fixed offsets of whole minutes
 * and of seconds, and a historic offset (Liberia kept -00:44:30 until 1972). Read from the 15-minute rollups, each of
 * these alarms fell into the wrong hour or day; these zones are now read from the history alone. And a jump of the
 * clocks that starts inside an hour. Alarms in September and November 2035 and January 1972, which no other test
 * uses.
 */
@QuarkusTest
class AggregatesInOddZonesTest {

    @TestHTTPResource("/alarms/aggregates")
    URL aggregates;

    private static boolean seeded;

    @BeforeAll
    static void seed() {
        if (seeded) {
            return;
        }
        AlarmRows.insert("odd-1", "ORDER_FLOOD", null, "2035-11-25T14:02:59Z", 7);
        AlarmRows.insert("odd-2", "ORDER_FLOOD", null, "2035-11-25T14:03:12Z", 42);
        AlarmRows.insert("odd-3", "ORDER_FLOOD", null, "2035-11-28T00:05:29Z", 16);
        AlarmRows.insert("odd-4", "ORDER_FLOOD", null, "2035-11-28T00:05:30Z", 32);
        AlarmRows.insert("odd-5", "CUSTOMER_FLOOD", "17850", "2035-11-28T00:10:00Z", 64);
        AlarmRows.insert("odd-6", "ORDER_FLOOD", null, "1972-01-06T00:10:00Z", 4);
        AlarmRows.insert("odd-7", "ORDER_FLOOD", null, "1972-01-07T00:44:29Z", 1);
        AlarmRows.insert("odd-8", "ORDER_FLOOD", null, "1972-01-07T00:44:30Z", 2);
        AlarmRows.insert("odd-9", "ORDER_FLOOD", null, "2035-09-29T13:59:59Z", 8);
        AlarmRows.insert("odd-10", "ORDER_FLOOD", null, "2035-09-29T14:00:00Z", 16);
        seeded = true;
    }

    private List<List<Object>> buckets(Map<String, String> query) {
        JsonPath json = given().queryParams(query).when().get(aggregates)
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> b : json.<Map<String, Object>>getList("buckets")) {
            rows.add(List.of(b.get("start"), b.get("localStart"), b.get("alarms"), b.get("orders"), b.get("maxOrders")));
        }
        return rows;
    }

    @Test
    void hoursFiftySevenMinutesEastOfUtc() {
        // at +00:57, 14:02:59Z is 14:59:59 and 14:03:12Z is 15:00:12 on the clock; local hours start at :03 UTC
        assertThat(buckets(Map.of("bucket", "hour", "from", "2035-11-25T14:00:00Z", "to", "2035-11-25T15:00:00Z",
                "tz", "+00:57"))).containsExactly(
                List.of("2035-11-25T13:03:00Z", "2035-11-25T14:00:00", 1, 7, 7),
                List.of("2035-11-25T14:03:00Z", "2035-11-25T15:00:00", 1, 42, 42));
    }

    @Test
    void daysAndMonthsFiveAndAHalfMinutesWestOfUtc() {
        // at -00:05:30 local days start at 00:05:30Z: 00:05:29Z is still the 27th, 00:05:30Z and 00:10Z the 28th
        assertThat(buckets(Map.of("bucket", "day", "from", "2035-11-27", "to", "2035-11-29", "tz", "-00:05:30")))
                .containsExactly(
                        List.of("2035-11-27T00:05:30Z", "2035-11-27T00:00:00", 1, 16, 16),
                        List.of("2035-11-28T00:05:30Z", "2035-11-28T00:00:00", 2, 96, 64));
        assertThat(buckets(Map.of("bucket", "day", "from", "2035-11-27", "to", "2035-11-29", "tz", "-00:05:30",
                "type", "CUSTOMER_FLOOD")))
                .containsExactly(List.of("2035-11-28T00:05:30Z", "2035-11-28T00:00:00", 1, 64, 64));
        // with odd-1 and odd-2 of the 25th
        assertThat(buckets(Map.of("bucket", "month", "from", "2035-11-01", "to", "2035-12-01", "tz", "-00:05:30")))
                .containsExactly(List.of("2035-11-01T00:05:30Z", "2035-11-01T00:00:00", 5, 161, 64));
    }

    @Test
    void daysAcrossAHistoricOffsetOfSeconds() {
        // Africa/Monrovia: -00:44:30 until the clocks jumped from 1972-01-07 00:00 to 00:44:30 (GMT), so that day
        // starts at 00:44:30Z; 00:44:29Z is 23:59:59 on the 6th, and 1972-01-06T00:10Z is 23:25:30 on the 5th
        assertThat(buckets(Map.of("bucket", "day", "from", "1972-01-05", "to", "1972-01-08", "tz", "Africa/Monrovia")))
                .containsExactly(
                        List.of("1972-01-05T00:44:30Z", "1972-01-05T00:00:00", 1, 4, 4),
                        List.of("1972-01-06T00:44:30Z", "1972-01-06T00:00:00", 1, 1, 1),
                        List.of("1972-01-07T00:44:30Z", "1972-01-07T00:00:00", 1, 2, 2));
    }

    @Test
    void anHourTheClocksJumpIntoStartsWhereTheJumpEnds() {
        // the Chatham Islands go from 02:45 (+12:45) to 03:45 (+13:45) at 2035-09-29T14:00Z: 13:59:59Z is 02:44:59,
        // 14:00Z is 03:45, so local hour 03:00 begins then, not an hour of jump later (14:15Z,
        // where 04:00 begins)
        assertThat(buckets(Map.of("bucket", "hour", "from", "2035-09-29T13:00:00Z", "to", "2035-09-29T15:00:00Z",
                "tz", "Pacific/Chatham"))).containsExactly(
                List.of("2035-09-29T13:15:00Z", "2035-09-30T02:00:00", 1, 8, 8),
                List.of("2035-09-29T14:00:00Z", "2035-09-30T03:00:00", 1, 16, 16));
    }
}
