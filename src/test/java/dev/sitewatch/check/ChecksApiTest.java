package dev.sitewatch.check;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** {@code /checks} against the real app and dynalite: definitions, their state, results and uptime. */
@QuarkusTest
class ChecksApiTest {

    @TestHTTPResource("/checks")
    URL checks;

    @Inject
    CheckStore store;

    @Inject
    ResultStore results;

    final List<String> created = new ArrayList<>();

    @AfterEach
    void removeCreated() {
        created.forEach(store::delete);
    }

    private Response post(String body) {
        Response response = given().contentType("application/json").body(body).when().post(checks.toString());
        if (response.statusCode() == 201) {
            created.add(response.jsonPath().getString("id"));
        }
        return response;
    }

    @Test
    void aCheckIsCreatedWithDefaultsReadReplacedAndDeleted() {
        Response response = post("{\"name\":\"Checkout\",\"url\":\"https://shop.example.com/checkout\"}");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        JsonPath check = response.jsonPath();
        String id = check.getString("id");
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(response.header("Location")).endsWith("/checks/" + id);
        assertThat(check.getString("method")).isEqualTo("GET");
        assertThat(check.getString("expectedStatus")).isEqualTo("200-299");
        assertThat(check.getInt("timeoutMs")).isEqualTo(10_000);
        assertThat(check.getInt("slowMs")).isEqualTo(2_000);
        assertThat(check.getInt("intervalSeconds")).isEqualTo(60);
        assertThat(check.getInt("certExpiryDays")).as("https: 14 days by default").isEqualTo(14);
        assertThat(check.getInt("failuresBeforeDown")).isEqualTo(2);
        assertThat(check.getBoolean("enabled")).isTrue();
        assertThat(check.getString("status.state")).isEqualTo("UNKNOWN");

        // the prober's state survives a PUT of the definition
        CheckState down = new CheckState(Instant.parse("2026-11-25T14:05:00Z"), 3, Instant.parse("2026-11-25T14:03:00Z"),
                ProbeResult.TIMEOUT, "no answer within 10000 ms", null, new CheckState.Episode("SITE_DOWN-" + id
                + "-1", Instant.parse("2026-11-25T14:03:00Z"), ProbeResult.TIMEOUT, "no answer"), null, null, List.of(),
                null);
        assertThat(store.commitRound(id, down, Map.of())).isTrue();
        Response put = given().contentType("application/json")
                .body("{\"name\":\"Checkout (EU)\",\"url\":\"http://eu.shop.example.com/checkout\",\"method\":\"POST\","
                        + "\"headers\":{\"Accept\":\"text/html\",\"X-Probe\":\"sitewatch\"},\"body\":\"{}\","
                        + "\"expectedStatus\":\"200-204\",\"expectedBody\":\"Pay\",\"timeoutMs\":5000,\"slowMs\":800,"
                        + "\"intervalSeconds\":120,\"failuresBeforeDown\":3,\"slowRounds\":20,\"enabled\":false}")
                .when().put(checks + "/" + id);
        assertThat(put.statusCode()).as(put.asString()).isEqualTo(200);
        JsonPath replaced = given().when().get(checks + "/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(replaced.getString("name")).isEqualTo("Checkout (EU)");
        assertThat(replaced.getMap("headers")).containsExactly(Map.entry("Accept", "text/html"),
                Map.entry("X-Probe", "sitewatch"));
        assertThat(replaced.getString("expectedStatus")).isEqualTo("200-204");
        assertThat(replaced.getInt("certExpiryDays")).as("http has no certificate").isZero();
        assertThat(replaced.getBoolean("enabled")).isFalse();
        assertThat(replaced.getString("createdAt")).isEqualTo(check.getString("createdAt"));
        assertThat(replaced.getString("status.state")).isEqualTo("DOWN");
        assertThat(replaced.getString("status.downSince")).isEqualTo("2026-11-25T14:03:00Z");
        assertThat(replaced.getString("status.reason")).isEqualTo("TIMEOUT");

        assertThat(given().when().get(checks.toString()).then().statusCode(200).extract().jsonPath()
                .getList("id", String.class)).contains(id);
        given().when().delete(checks + "/" + id).then().statusCode(204);
        Response gone = given().when().get(checks + "/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        given().when().delete(checks + "/" + id).then().statusCode(404);
        given().contentType("application/json").body("{\"name\":\"x\",\"url\":\"http://x.example\"}")
                .when().put(checks + "/" + id).then().statusCode(404);
    }

    @Test
    void unknownIdsAre404Problems() {
        for (String id : new String[] {"0000000000000000", "nope", "0123456789ABCDEF", "../silences"}) {
            Response response = given().when().get(checks + "/" + id + "/results");
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(response.contentType()).as(id).startsWith("application/problem+json");
        }
    }

    @Test
    void resultsArePagedNewestFirst() {
        String id = post("{\"name\":\"Paged\",\"url\":\"http://paged.example.com/\"}").jsonPath().getString("id");
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        List<ResultStore.Row> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            boolean up = i != 3;
            ProbeResult r = new ProbeResult(t0.plusSeconds(60L * i + 1), up, up ? null : ProbeResult.STATUS,
                    up ? "HTTP 200" : "HTTP 503, expected 200-299", up ? 200 : 503, 2, 3, null, 40 + i, 50 + i, null);
            rows.add(new ResultStore.Row(id, t0.plusSeconds(60L * i), new RoundResult(r, up ? null : r)));
        }
        assertThat(results.write(rows)).isZero();

        String url = checks + "/" + id + "/results?from=2026-11-20&to=2026-11-21&limit=3";
        JsonPath first = given().when().get(url).then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("results.round", String.class)).containsExactly("2026-11-20T10:06:00Z",
                "2026-11-20T10:05:00Z", "2026-11-20T10:04:00Z");
        JsonPath second = given().when().get(url + "&cursor=" + first.getString("next")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(second.getList("results.round", String.class)).containsExactly("2026-11-20T10:03:00Z",
                "2026-11-20T10:02:00Z", "2026-11-20T10:01:00Z");
        assertThat(second.getBoolean("results[0].up")).isFalse();
        assertThat(second.getString("results[0].reason")).isEqualTo("STATUS");
        assertThat(second.getInt("results[0].attempts")).isEqualTo(2);
        assertThat(second.getInt("results[0].timings.totalMs")).isEqualTo(53);
        assertThat(second.getString("results[0].timings.tlsMs")).isNull();
        JsonPath last = given().when().get(url + "&cursor=" + second.getString("next")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(last.getList("results.round", String.class)).containsExactly("2026-11-20T10:00:00Z");
        assertThat(last.getString("next")).isNull();
    }

    @Test
    void uptimeIsCountedPerLocalDayWithLatencyPercentiles() {
        String id = post("{\"name\":\"Uptime\",\"url\":\"http://uptime.example.com/\"}").jsonPath().getString("id");
        // 23:00 UTC on the 20th is already the 21st in Europe/Berlin (UTC+1 in November)
        Map<Instant, Integer> rounds = new LinkedHashMap<>();
        rounds.put(Instant.parse("2026-11-20T12:00:00Z"), 100);
        rounds.put(Instant.parse("2026-11-20T12:01:00Z"), 200);
        rounds.put(Instant.parse("2026-11-20T12:02:00Z"), -1); // failed
        rounds.put(Instant.parse("2026-11-20T12:03:00Z"), 400);
        rounds.put(Instant.parse("2026-11-20T23:00:00Z"), 800);
        List<ResultStore.Row> rows = new ArrayList<>();
        rounds.forEach((at, ms) -> {
            ProbeResult r = ms < 0 ? new ProbeResult(at, false, ProbeResult.TIMEOUT, "no answer", 0, 1, null, null,
                    null, 10_000, null) : new ProbeResult(at, true, null, "HTTP 200", 200, 1, 1, null, ms / 2, ms, null);
            rows.add(new ResultStore.Row(id, at, new RoundResult(r, ms < 0 ? r : null)));
        });
        results.write(rows);

        JsonPath days = given().when().get(checks + "/" + id + "/uptime?bucket=day&tz=Europe/Berlin&from=2026-11-20"
                + "&to=2026-11-22").then().statusCode(200).extract().jsonPath();
        assertThat(days.getList("localStart", String.class)).containsExactly("2026-11-20T00:00", "2026-11-21T00:00");
        assertThat(days.getList("start", String.class)).containsExactly("2026-11-19T23:00:00Z", "2026-11-20T23:00:00Z");
        assertThat(days.getList("rounds", Integer.class)).containsExactly(4, 1);
        assertThat(days.getList("up", Integer.class)).containsExactly(3, 1);
        assertThat(days.getDouble("[0].uptimePercent")).isEqualTo(75.0);
        assertThat(days.getInt("[0].p50Ms")).isEqualTo(200);
        assertThat(days.getInt("[0].p95Ms")).as("failed rounds have no latency").isEqualTo(400);
        assertThat(days.getInt("[1].p95Ms")).isEqualTo(800);
    }
}
