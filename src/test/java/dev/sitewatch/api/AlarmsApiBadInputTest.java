package dev.sitewatch.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Bad and odd parameters against every endpoint of the history: numbers in other spellings than ASCII digits,
 * repeated parameters and methods an endpoint does not have are problems naming what is wrong; and hundreds of
 * generated values produce no 5xx, and every 4xx is a problem document naming a parameter that was sent.
 */
@QuarkusTest
class AlarmsApiBadInputTest {

    @TestHTTPResource("/alarms")
    URL alarms;

    @TestHTTPResource("/floods")
    URL floods;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> ODD = List.of("", " ", "0", "-1", "1", "9999999999999999999999", "1e9", "NaN",
            "null", "true", "[]", "{}", "'", "\"", "' OR '1'='1", "1; DROP TABLE logs_history; --", "%", "%00", "\\",
            "../../etc/passwd", "<script>alert(1)</script>", "ünïcödé", "💥", "\u0000", "\t\n",
            "+1", "١٠", "１", "1 ", "0x10",
            "2026-11-25", "2026-02-30", "2026-11-25T25:00:00Z", "2026-11-25T14:00:00", "2026-11-25T14:00:00+25:00",
            "0000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
            "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2026-11-25T14:00:00.123456789Z",
            "minute", "HOUR", "Day", "month", "week", "UTC", "Z", "+05:30", "Europe/London", "America/Nowhere",
            "GMT+14", "Etc/GMT-14", "ORDER_FLOOD", "order_flood", "A".repeat(201), "x".repeat(5000),
            "MTcwMDAwMDAwMDox", "OTk5OTk5OTk5OTk5OToxMjM", "LTEwMDAwMDAwMDAwMDA6MQ", "Og", "YWJj");

    private static final Map<String, List<String>> PARAMETERS = Map.of(
            "/alarms", List.of("from", "to", "type", "limit", "cursor"),
            "/alarms/aggregates", List.of("bucket", "from", "to", "type", "tz"),
            "/alarms/summary", List.of("from", "to"),
            "/floods", List.of("from", "to", "type", "key", "limit", "cursor"));

    /**
     * One request: its path segments and query as text, percent-encoded here so that each goes out exactly as
     * planned; {@code varied} is the parameter a 400 must name.
     */
    record Planned(String path, Map<String, String> query, String varied) {

        URI uri(URL base) {
            String query = this.query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&"));
            return URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + path
                    + (query.isEmpty() ? "" : "?" + query));
        }
    }

    /** What came back for a planned request. */
    record Exchange(Planned request, int status, String contentType, String parameter, String body) {
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void noParameterProducesAServerErrorAndEvery400NamesWhatWasSent() throws Exception {
        List<Planned> planned = new ArrayList<>();
        for (var endpoint : PARAMETERS.entrySet()) {
            for (String parameter : endpoint.getValue()) {
                for (String value : ODD) {
                    Map<String, String> query = new LinkedHashMap<>(Map.of("bucket", "day"));
                    query.put(parameter, value);
                    planned.add(new Planned(endpoint.getKey(), query, parameter));
                }
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 150; i++) {
            Map<String, String> query = new LinkedHashMap<>();
            for (String parameter : PARAMETERS.get("/alarms/aggregates")) {
                query.put(parameter, pick(random));
            }
            planned.add(new Planned("/alarms/aggregates", query, null));
        }
        for (String id : ODD) {
            planned.add(new Planned("/alarms/" + encode(id), Map.of(), "id"));
            planned.add(new Planned("/floods/" + encode(id), Map.of(), "id"));
        }
        int parameterRequests = PARAMETERS.values().stream().mapToInt(List::size).sum() * ODD.size();
        assertThat(planned).hasSize(parameterRequests + 150 + 2 * ODD.size());

        List<Exchange> exchanges = new ArrayList<>();
        for (Planned request : planned) {
            exchanges.add(send(request, alarms));
        }

        List<String> failures = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            Planned request = exchange.request();
            String line = exchange.status() + " for " + request.path() + " " + request.query().keySet() + ": "
                    + shortened(exchange.body());
            if (exchange.status() == 414) {
                // the HTTP server's own limit on the request line (4096), before the API
                if (request.uri(alarms).toString().length() < 4000) {
                    failures.add("414 for a short request " + line);
                }
            } else if (exchange.status() >= 500) {
                failures.add(line);
            } else if (exchange.status() >= 400 && !exchange.contentType().startsWith("application/problem+json")) {
                failures.add("no problem document: " + exchange.contentType() + " " + line);
            } else if (exchange.status() == 400) {
                boolean namesWhatWasSent = request.varied() != null
                        ? request.varied().equals(exchange.parameter())
                        : request.query().containsKey(exchange.parameter());
                if (!namesWhatWasSent) {
                    failures.add("400 naming " + exchange.parameter() + " " + line);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(exchanges).filteredOn(e -> e.status() == 400).as("bad values are refused").hasSizeGreaterThan(300);
        assertThat(exchanges).filteredOn(e -> e.status() == 200).as("odd but good values are served").isNotEmpty();
    }

    /** The JDK client sends a URI's percent-encoding as it is, where RestAssured would encode again. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Exchange send(Planned request, URL base) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(request.uri(base)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String parameter = null;
        if (contentType.startsWith("application/problem+json")) {
            JsonNode problem = JSON.readTree(response.body());
            parameter = problem.hasNonNull("parameter") ? problem.get("parameter").asText() : null;
        }
        return new Exchange(request, response.statusCode(), contentType, parameter, response.body());
    }

    private static String shortened(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String pick(Random random) {
        return random.nextInt(4) == 0 ? randomText(random) : ODD.get(random.nextInt(ODD.size()));
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(30); i > 0; i--) {
            text.appendCodePoint(random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x2FF) : 0x20 + random.nextInt(0x5F));
        }
        return text.toString();
    }

    @Test
    void numbersAreAsciiDigitsOnly() {
        // each would pass Long.parseLong: a sign, Arabic-Indic and fullwidth digits; and blanks around
        List<String> notDigits = List.of("+1", "١٠", "１", "1 ", " 1", "-1", "1.0", "1e2", "0x10", "1_000");
        for (String value : notDigits) {
            given().queryParam("limit", value).when().get(alarms.toString())
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("parameter", equalTo("limit")).body("detail", startsWith("limit must be a whole number"));
            given().queryParam("limit", value).when().get(floods.toString())
                    .then().statusCode(400).body("parameter", equalTo("limit"));
            given().when().get(alarms + "/{id}", value)
                    .then().statusCode(400).contentType("application/problem+json").body("parameter", equalTo("id"));
            given().when().get(floods + "/{id}", value)
                    .then().statusCode(400).body("parameter", equalTo("id"));
            String cursor = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("2031-01-01T00:00:00Z/" + value).getBytes(StandardCharsets.UTF_8));
            given().queryParam("cursor", cursor).when().get(alarms.toString())
                    .then().statusCode(400).body("parameter", equalTo("cursor"));
        }
        // the same numbers in ASCII digits are served
        given().queryParam("limit", "1").when().get(alarms.toString()).then().statusCode(200);
        given().queryParam("limit", "10").when().get(floods.toString()).then().statusCode(200);
        given().when().get(alarms + "/{id}", "999999999").then().statusCode(404);
        String cursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("2031-01-01T00:00:00Z/10".getBytes(StandardCharsets.UTF_8));
        given().queryParam("cursor", cursor).when().get(alarms.toString()).then().statusCode(200);
    }

    @Test
    void aRepeatedParameterIsAProblemNamingIt() {
        record Case(String path, String parameter, String first, String second) {
        }
        for (Case c : List.of(
                new Case("/alarms", "limit", "1", "1000"),
                new Case("/alarms", "limit", "5", "5"),
                new Case("/alarms", "type", "ORDER_FLOOD", "CUSTOMER_FLOOD"),
                new Case("/alarms/aggregates", "bucket", "day", "hour"),
                new Case("/alarms/summary", "from", "2031-04-20", "2031-04-21"),
                new Case("/alarms/1", "unknown", "a", "b"),
                new Case("/floods", "key", "14911", "14912"),
                new Case("/floods/1", "limit", "1", "2"))) {
            String base = alarms.toString().replace("/alarms", "");
            Response response = given().queryParam(c.parameter(), c.first(), c.second()).when().get(base + c.path());
            assertThat(response.statusCode()).as("%s", c).isEqualTo(400);
            assertThat(response.contentType()).as("%s", c).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("parameter")).as("%s", c).isEqualTo(c.parameter());
            assertThat(response.jsonPath().getString("detail")).as("%s", c)
                    .isEqualTo(c.parameter() + " is given 2 times; give it once");
        }
        // once is fine
        given().queryParam("limit", "1").queryParam("type", "ORDER_FLOOD").when().get(alarms.toString())
                .then().statusCode(200);
        given().queryParam("bucket", "day").when().get(alarms + "/aggregates").then().statusCode(200);
    }

    @Test
    void aMethodAnEndpointDoesNotHaveIsA405SayingWhichItHas() {
        Set<String> read = Set.of("GET", "HEAD", "OPTIONS");
        record Case(String method, String path, Set<String> allowed) {
        }
        for (Case c : List.of(
                new Case("DELETE", "/alarms", read),
                new Case("POST", "/alarms", read),
                new Case("PUT", "/alarms/1", read),
                new Case("POST", "/alarms/aggregates", read),
                new Case("PATCH", "/alarms/summary", read),
                new Case("DELETE", "/floods", read),
                new Case("PUT", "/floods/7", read))) {
            Response response = given().when().request(c.method(), alarms.toString().replace("/alarms", "") + c.path());
            assertThat(response.statusCode()).as("%s", c).isEqualTo(405);
            assertThat(response.contentType()).as("%s", c).startsWith("application/problem+json");
            assertThat(response.jsonPath().getInt("status")).isEqualTo(405);
            assertThat(response.jsonPath().getString("detail")).as("%s", c)
                    .isEqualTo(c.method() + " is not allowed here; allowed: " + String.join(", ", new TreeSet<>(c.allowed())));
            assertThat(response.header("Allow")).as("%s", c).isNotNull();
            assertThat(Arrays.stream(response.header("Allow").split(",\\s*")).toList())
                    .as("Allow of %s", c).containsExactlyInAnyOrderElementsOf(c.allowed());
        }
        // and what Allow names is really served
        String base = alarms.toString().replace("/alarms", "");
        for (String path : List.of("/alarms", "/alarms/summary", "/floods")) {
            for (String method : read) {
                given().when().request(method, base + path).then().statusCode(200);
            }
        }
    }
}
