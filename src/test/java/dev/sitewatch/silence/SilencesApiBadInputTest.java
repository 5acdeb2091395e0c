package dev.sitewatch.silence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sitewatch.testing.DynamoDbResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad silences: each named bad input is a 400 problem naming its field, and hundreds of generated bodies, states and
 * ids produce no 5xx and no 4xx that is not a problem document.
 */
@QuarkusTest
class SilencesApiBadInputTest {

    static final Set<String> FIELDS = Set.of("body", "matchers", "matchers.type", "matchers.key", "matchers.keyPrefix",
            "matchers.all", "startsAt", "endsAt", "comment");

    @TestHTTPResource("/silences")
    URL silences;

    final List<String> created = new ArrayList<>();

    @AfterEach
    void removeCreated() {
        created.forEach(id -> DynamoDbResource.client().deleteItem(d -> d.tableName(DynamoDbResource.SILENCES_TABLE)
                .key(Map.of(SilenceStore.PARTITION_KEY, AttributeValue.fromS(id)))));
    }

    private static String in(Duration duration) {
        return Instant.now().plus(duration).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private Response post(String body) {
        Response response = given().contentType("application/json").body(body).when().post(silences.toString());
        if (response.statusCode() == 201) {
            created.add(response.jsonPath().getString("id"));
        }
        return response;
    }

    /** Body → the field the 400 must name. */
    private static Map<String, String> badBodies() {
        String end = in(Duration.ofHours(1));
        String customer = "{\"type\":\"CUSTOMER_FLOOD\",\"key\":\"bad-input-test\"}";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "body");
        cases.put("null", "body");
        cases.put("[]", "body");
        cases.put("\"silence\"", "body");
        cases.put("{\"matchers\":", "body");
        cases.put("{\"matchers\":{\"all\":true},\"endsAt\":\"" + end + "\",\"comment\":\"x\"} trailing", "body");
        cases.put("{\"comment\":\"a\",\"comment\":\"b\",\"matchers\":{\"all\":true},\"endsAt\":\"" + end + "\"}", "body");
        cases.put("{\"endsAt\":\"" + end + "\",\"comment\":\"no matchers\"}", "matchers");
        cases.put("{\"matchers\":[],\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers");
        cases.put("{\"matchers\":{},\"endsAt\":\"" + end + "\",\"comment\":\"empty\"}", "matchers");
        cases.put("{\"matchers\":{\"all\":false},\"endsAt\":\"" + end + "\",\"comment\":\"empty\"}", "matchers");
        cases.put("{\"matchers\":{\"all\":true,\"type\":\"ORDER_FLOOD\"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers");
        cases.put("{\"matchers\":{\"all\":true,\"keyPrefix\":\"1\"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers");
        cases.put("{\"matchers\":{\"all\":\"true\"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers.all");
        cases.put("{\"matchers\":{\"type\":\"WEEKEND_FLOOD\"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers.type");
        cases.put("{\"matchers\":{\"type\":\"order_flood\"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers.type");
        cases.put("{\"matchers\":{\"type\":42},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers.type");
        cases.put("{\"matchers\":{\"key\":\"1\",\"keyPrefix\":\"1\"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers.key");
        cases.put("{\"matchers\":{\"key\":\"  \"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers.key");
        cases.put("{\"matchers\":{\"key\":14911},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}", "matchers.key");
        cases.put("{\"matchers\":{\"keyPrefix\":\"" + "9".repeat(201) + "\"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}",
                "matchers.keyPrefix");
        // a misspelt matcher would silence every CUSTOMER_FLOOD
        cases.put("{\"matchers\":{\"type\":\"CUSTOMER_FLOOD\",\"kye\":\"14911\"},\"endsAt\":\"" + end + "\",\"comment\":\"x\"}",
                "matchers.kye");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"" + end + "\",\"comment\":\"x\",\"createdBy\":\"root\"}",
                "createdBy");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"tomorrow\",\"comment\":\"x\"}", "endsAt");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"2026-11-27T20:00:00\",\"comment\":\"no offset\"}", "endsAt");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":1795618248,\"comment\":\"x\"}", "endsAt");
        cases.put("{\"matchers\":" + customer + ",\"comment\":\"no end\"}", "endsAt");
        cases.put("{\"matchers\":" + customer + ",\"startsAt\":\"" + in(Duration.ofHours(2)) + "\",\"endsAt\":\""
                + end + "\",\"comment\":\"inverted\"}", "endsAt");
        cases.put("{\"matchers\":" + customer + ",\"startsAt\":\"" + end + "\",\"endsAt\":\"" + end
                + "\",\"comment\":\"empty range\"}", "endsAt");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"" + in(Duration.ofDays(30).plusMinutes(5))
                + "\",\"comment\":\"too long\"}", "endsAt");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"+999999999-12-31T23:59:59Z\",\"comment\":\"x\"}", "endsAt");
        cases.put("{\"matchers\":" + customer + ",\"startsAt\":\"" + in(Duration.ofMinutes(-5)) + "\",\"endsAt\":\""
                + end + "\",\"comment\":\"in the past\"}", "startsAt");
        cases.put("{\"matchers\":" + customer + ",\"startsAt\":\"soon\",\"endsAt\":\"" + end + "\",\"comment\":\"x\"}",
                "startsAt");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"" + end + "\"}", "comment");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"" + end + "\",\"comment\":\" \"}", "comment");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"" + end + "\",\"comment\":[\"x\"]}", "comment");
        cases.put("{\"matchers\":" + customer + ",\"endsAt\":\"" + end + "\",\"comment\":\"" + "x".repeat(501) + "\"}",
                "comment");
        return cases;
    }

    @Test
    void everyBadInputIsA400NamingItsField() {
        List<String> failures = new ArrayList<>();
        badBodies().forEach((body, field) -> {
            Response response = post(body);
            String parameter = response.statusCode() == 400 && response.contentType().startsWith("application/problem+json")
                    ? response.jsonPath().getString("parameter") : null;
            if (!field.equals(parameter)) {
                failures.add(body + " → " + response.statusCode() + " " + response.asString() + ", expected " + field);
            }
        });
        assertThat(failures).isEmpty();
        assertThat(created).isEmpty();
    }

    @Test
    void theLimitsAreInclusive() {
        // exactly 500 characters of comment (one of them outside the BMP), and a start 30 s in the past
        String comment = "💥" + "x".repeat(499);
        Response response = post("{\"matchers\":{\"key\":\"bad-input-limits\"},\"startsAt\":\"" + in(Duration.ofSeconds(-30))
                + "\",\"endsAt\":\"" + in(Duration.ofDays(29)) + "\",\"comment\":\"" + comment + "\"}");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        assertThat(response.jsonPath().getString("comment")).isEqualTo(comment);
    }

    @Test
    void notJsonIsAProblemToo() {
        Response response = given().contentType("text/plain").body("matchers=all").when().post(silences.toString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        Response state = given().queryParam("state", "silenced").when().get(silences.toString());
        assertThat(state.statusCode()).isEqualTo(400);
        assertThat(state.jsonPath().getString("parameter")).isEqualTo("state");
    }

    @Test
    void aRepeatedParameterIsAProblemNamingIt() {
        Response list = given().queryParam("state", "active", "all").when().get(silences.toString());
        assertThat(list.statusCode()).isEqualTo(400);
        assertThat(list.contentType()).startsWith("application/problem+json");
        assertThat(list.jsonPath().getString("parameter")).isEqualTo("state");
        // on every endpoint, for any parameter, before the body is read
        Response create = given().queryParam("dryRun", "1", "2").contentType("application/json")
                .body("{\"matchers\":{\"key\":\"repeated\"},\"endsAt\":\"" + in(Duration.ofHours(1))
                        + "\",\"comment\":\"x\"}")
                .when().post(silences.toString());
        assertThat(create.statusCode()).isEqualTo(400);
        assertThat(create.jsonPath().getString("parameter")).isEqualTo("dryRun");
        Response expire = given().queryParam("now", "1", "1").when().delete(silences + "/" + java.util.UUID.randomUUID());
        assertThat(expire.statusCode()).isEqualTo(400);
        assertThat(expire.jsonPath().getString("parameter")).isEqualTo("now");
        assertThat(given().queryParam("state", "active").when().get(silences.toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aMethodAnEndpointDoesNotHaveIsA405SayingWhichItHas() {
        String one = silences + "/" + java.util.UUID.randomUUID();
        for (var c : Map.of("PUT " + silences, Set.of("GET", "HEAD", "OPTIONS", "POST"),
                "DELETE " + silences, Set.of("GET", "HEAD", "OPTIONS", "POST"),
                "POST " + one, Set.of("DELETE", "GET", "HEAD", "OPTIONS"),
                "PATCH " + one, Set.of("DELETE", "GET", "HEAD", "OPTIONS")).entrySet()) {
            String[] request = c.getKey().split(" ");
            Response response = given().when().request(request[0], request[1]);
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(405);
            assertThat(response.contentType()).as(c.getKey()).startsWith("application/problem+json");
            assertThat(response.header("Allow")).as(c.getKey()).isNotNull();
            assertThat(List.of(response.header("Allow").split(",\\s*"))).as("Allow of %s", c.getKey())
                    .containsExactlyInAnyOrderElementsOf(c.getValue());
        }
        // what Allow names is served: an unknown silence is a 404, not a 405
        assertThat(given().when().get(one).statusCode()).isEqualTo(404);
        assertThat(given().when().delete(one).statusCode()).isEqualTo(404);
        assertThat(given().when().head(silences.toString()).statusCode()).isEqualTo(200);
    }

    private static final List<String> ODD = List.of("", " ", "0", "-1", "1e9", "NaN", "null", "true", "false", "[]",
            "{}", "'", "\"", "\\", "%00", "\u0000", "ünïcödé", "💥", "<script>alert(1)</script>", "' OR '1'='1",
            "ORDER_FLOOD", "CUSTOMER_FLOOD", "all", "2026-02-30T00:00:00Z", "2026-11-25T25:00:00Z",
            "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "x".repeat(5000));

    /** A JSON value for a field: mostly an odd string, sometimes another JSON type or a plausible value. */
    private static String value(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextInt());
            case 2 -> random.nextBoolean() ? "true" : "false";
            case 3 -> "{\"all\":" + random.nextBoolean() + "}";
            case 4 -> "[" + quote(ODD.get(random.nextInt(ODD.size()))) + "]";
            case 5 -> quote(in(Duration.ofMinutes(random.nextInt(100_000) - 50_000)));
            default -> quote(ODD.get(random.nextInt(ODD.size())));
        };
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                json.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", c));
            } else {
                json.appendCodePoint(c);
            }
        });
        return json.append('"').toString();
    }

    @Test
    void noGeneratedInputProducesAServerError() {
        Random random = new Random(7);
        List<String> failures = new ArrayList<>();
        String[] matcherFields = {"type", "key", "keyPrefix", "all", "other"};
        String[] fields = {"matchers", "startsAt", "endsAt", "comment", "id"};
        for (int i = 0; i < 300; i++) {
            StringBuilder matchers = new StringBuilder("{");
            for (String field : matcherFields) {
                if (random.nextInt(3) == 0) {
                    matchers.append(matchers.length() > 1 ? "," : "").append(quote(field)).append(':').append(value(random));
                }
            }
            matchers.append('}');
            StringBuilder body = new StringBuilder("{");
            for (String field : fields) {
                if (random.nextInt(4) != 0) {
                    String value = field.equals("matchers") && random.nextBoolean() ? matchers.toString() : value(random);
                    body.append(body.length() > 1 ? "," : "").append(quote(field)).append(':').append(value);
                }
            }
            body.append('}');
            String text = random.nextInt(10) == 0 ? body.substring(0, random.nextInt(body.length())) : body.toString();
            check(post(text), "POST " + text, failures);
        }
        for (String odd : ODD) {
            String path = odd.replace("%", "%25").replace("/", "%2F").replace("?", "%3F").replace("#", "%23");
            try {
                check(given().urlEncodingEnabled(true).queryParam("state", odd).when().get(silences.toString()),
                        "GET state=" + odd, failures);
                check(given().when().get(silences + "/" + path), "GET /" + odd, failures);
                check(given().when().delete(silences + "/" + path), "DELETE /" + odd, failures);
            } catch (IllegalArgumentException unencodable) {
                // the client cannot even send it
            }
        }
        // counted as answered, so a value the client could not send is not counted
        assertThat(answered).isGreaterThan(350);
        assertThat(failures).isEmpty();
    }

    private int answered;

    private void check(Response response, String request, List<String> failures) {
        answered++;
        int status = response.statusCode();
        if (status >= 500) {
            failures.add(status + " for " + request + ": " + response.asString());
        } else if (status >= 400 && status != 414) {
            if (!response.contentType().startsWith("application/problem+json")) {
                failures.add(status + " without a problem document for " + request);
            } else if (status == 400 && !FIELDS.contains(response.jsonPath().getString("parameter"))
                    && !"state".equals(response.jsonPath().getString("parameter"))
                    && !isUnknownField(response.jsonPath().getString("parameter"))) {
                failures.add("400 naming no known field for " + request + ": " + response.asString());
            }
        }
    }

    private static boolean isUnknownField(String parameter) {
        return "id".equals(parameter) || "matchers.other".equals(parameter);
    }
}
