package dev.sitewatch.check;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Bad check definitions and parameters: each a 400 problem naming the field or parameter at fault. */
@QuarkusTest
class ChecksApiBadInputTest {

    @TestHTTPResource("/checks")
    URL checks;

    @Inject
    CheckStore store;

    final List<String> created = new ArrayList<>();

    @AfterEach
    void removeCreated() {
        created.forEach(store::delete);
    }

    static String with(String fields) {
        return "{\"name\":\"Shop\",\"url\":\"https://shop.example.com/\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    /** Body → the field the 400 must name. */
    static Map<String, String> badBodies() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "request");
        cases.put("[]", "request");
        cases.put("{\"name\":", "request");
        cases.put(with("") + " trailing", "request");
        cases.put("{\"name\":\"a\",\"name\":\"b\",\"url\":\"http://x.example\"}", "request");
        cases.put("{\"url\":\"https://shop.example.com/\"}", "name");
        cases.put("{\"name\":\" \",\"url\":\"https://shop.example.com/\"}", "name");
        cases.put("{\"name\":\"" + "n".repeat(101) + "\",\"url\":\"https://shop.example.com/\"}", "name");
        cases.put("{\"name\":\"Shop\"}", "url");
        cases.put("{\"name\":\"Shop\",\"url\":\"ftp://shop.example.com/\"}", "url");
        cases.put("{\"name\":\"Shop\",\"url\":\"shop.example.com\"}", "url");
        cases.put("{\"name\":\"Shop\",\"url\":\"https://\"}", "url");
        cases.put("{\"name\":\"Shop\",\"url\":\"https://user:pw@shop.example.com/\"}", "url");
        cases.put("{\"name\":\"Shop\",\"url\":\"https://shop.example.com/ a b\"}", "url");
        cases.put("{\"name\":\"Shop\",\"url\":42}", "url");
        cases.put(with("\"method\":\"get\""), "method");
        cases.put(with("\"method\":\"CONNECT\""), "method");
        cases.put(with("\"headers\":[\"Accept\"]"), "headers");
        cases.put(with("\"headers\":{\"Host\":\"evil.example\"}"), "headers.Host");
        cases.put(with("\"headers\":{\"Bad Name\":\"x\"}"), "headers.Bad Name");
        cases.put(with("\"headers\":{\"X-A\":1}"), "headers.X-A");
        cases.put(with("\"headers\":{\"X-A\":\"a\\r\\nX-Injected: 1\"}"), "headers.X-A");
        cases.put(with("\"body\":\"{}\""), "body");
        cases.put(with("\"method\":\"POST\",\"body\":{}"), "body");
        cases.put(with("\"expectedStatus\":\"2xx\""), "expectedStatus");
        cases.put(with("\"expectedStatus\":600"), "expectedStatus");
        cases.put(with("\"expectedStatus\":\"299-200\""), "expectedStatus");
        cases.put(with("\"expectedStatus\":[200]"), "expectedStatus");
        cases.put(with("\"method\":\"HEAD\",\"expectedBody\":\"ok\""), "expectedBody");
        cases.put(with("\"expectedBody\":\"\""), "expectedBody");
        cases.put(with("\"timeoutMs\":50"), "timeoutMs");
        cases.put(with("\"timeoutMs\":\"1000\""), "timeoutMs");
        cases.put(with("\"timeoutMs\":1.5"), "timeoutMs");
        cases.put(with("\"timeoutMs\":1000,\"slowMs\":2000"), "slowMs");
        cases.put(with("\"slowMs\":0"), "slowMs");
        cases.put(with("\"intervalSeconds\":5"), "intervalSeconds");
        cases.put(with("\"certExpiryDays\":-1"), "certExpiryDays");
        cases.put("{\"name\":\"Shop\",\"url\":\"http://shop.example.com/\",\"certExpiryDays\":14}", "certExpiryDays");
        cases.put(with("\"failuresBeforeDown\":0"), "failuresBeforeDown");
        cases.put(with("\"slowRounds\":101"), "slowRounds");
        cases.put(with("\"enabled\":\"yes\""), "enabled");
        // a misspelt field would leave a check that accepts any status
        cases.put(with("\"expectedStatuses\":200"), "expectedStatuses");
        return cases;
    }

    @Test
    void everyBadDefinitionIsA400NamingItsFieldOnCreateAndReplace() {
        Response ok = given().contentType("application/json").body(with("")).when().post(checks.toString());
        assertThat(ok.statusCode()).isEqualTo(201);
        created.add(ok.jsonPath().getString("id"));
        String existing = checks + "/" + created.get(0);

        List<String> failures = new ArrayList<>();
        badBodies().forEach((body, field) -> {
            for (String method : new String[] {"POST", "PUT"}) {
                Response response = given().contentType("application/json").body(body).when()
                        .request(method, method.equals("POST") ? checks.toString() : existing);
                if (response.statusCode() == 201) {
                    created.add(response.jsonPath().getString("id"));
                }
                String parameter = response.statusCode() == 400
                        && response.contentType().startsWith("application/problem+json")
                        ? response.jsonPath().getString("parameter") : null;
                if (!field.equals(parameter)) {
                    failures.add(method + " " + body + " -> " + response.statusCode() + " " + response.asString());
                }
            }
        });
        assertThat(failures).isEmpty();
        assertThat(store.find(created.get(0)).orElseThrow().check().name()).as("no bad PUT changed it")
                .isEqualTo("Shop");
    }

    @Test
    void badQueryParametersAre400sNamingThem() {
        Response ok = given().contentType("application/json").body(with("")).when().post(checks.toString());
        created.add(ok.jsonPath().getString("id"));
        String check = checks + "/" + created.get(0);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(check + "/results?limit=0", "limit");
        cases.put(check + "/results?limit=+1", "limit");
        cases.put(check + "/results?limit=1001", "limit");
        cases.put(check + "/results?cursor=abc", "cursor");
        cases.put(check + "/results?from=yesterday", "from");
        cases.put(check + "/results?from=2026-11-02&to=2026-11-01", "from");
        cases.put(check + "/results?limit=1&limit=2", "limit");
        cases.put(check + "/uptime?bucket=week", "bucket");
        cases.put(check + "/uptime?tz=Mars/Olympus", "tz");
        cases.put(check + "/uptime?bucket=hour&from=2026-10-01&to=2026-11-01", "from");
        cases.put(check + "/uptime?from=2026-01-01&to=2026-11-01", "from");
        List<String> failures = new ArrayList<>();
        cases.forEach((url, parameter) -> {
            Response response = given().when().get(url);
            if (response.statusCode() != 400 || !parameter.equals(response.jsonPath().getString("parameter"))) {
                failures.add(url + " -> " + response.statusCode() + " " + response.asString());
            }
        });
        assertThat(failures).isEmpty();
    }
}
