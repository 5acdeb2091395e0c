package dev.sitewatch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;

import java.net.URL;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sitewatch.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

/**
 * The API with authentication on, as in prod: requests, the OpenAPI document included, need a bearer JWT signed by
 * the configured key and issuer; only health is open.
 * The key pair is made for this test run; nothing secret is in the repository.
 */
@QuarkusTest
@TestProfile(AlarmsApiAuthTest.AuthOn.class)
class AlarmsApiAuthTest {

    static final String ISSUER = "https://issuer.sitewatch.test";
    static final KeyPair KEYS = TestTokens.newKeyPair();
    static final KeyPair OTHER_KEYS = TestTokens.newKeyPair();

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestTokens.trusting(ISSUER, KEYS));
            config.put("quarkus.http.auth.permission.alarms.policy", "authenticated");
            config.put("quarkus.http.auth.permission.openapi.policy", "authenticated");
            return config;
        }
    }

    @TestHTTPResource("/alarms")
    URL alarms;

    private static String token(KeyPair keys, String issuer, long expiresInSeconds) {
        return Jwt.issuer(issuer).subject("operator@example.com").expiresIn(expiresInSeconds).sign(keys.getPrivate());
    }

    @Test
    void withoutATokenIs401() {
        given().when().get(alarms.toString()).then().statusCode(401);
        given().queryParam("bucket", "day").when().get(alarms + "/aggregates").then().statusCode(401);
    }

    @Test
    void withAValidTokenIs200() {
        given().auth().oauth2(token(KEYS, ISSUER, 300)).when().get(alarms.toString()).then().statusCode(200);
        given().auth().oauth2(token(KEYS, ISSUER, 300)).queryParam("bucket", "day")
                .when().get(alarms + "/aggregates").then().statusCode(200);
    }

    @Test
    void forgedExpiredOrForeignTokensAre401() {
        given().auth().oauth2(token(OTHER_KEYS, ISSUER, 300)).when().get(alarms.toString()).then().statusCode(401);
        given().auth().oauth2(token(KEYS, "https://someone.else", 300)).when().get(alarms.toString()).then().statusCode(401);
        given().auth().oauth2(token(KEYS, ISSUER, -600)).when().get(alarms.toString()).then().statusCode(401);
    }

    @Test
    void healthStaysOpenAndTheOpenApiDocumentNeedsATokenToo() {
        given().when().get(alarms.toString().replace("/alarms", "/q/health/live")).then().statusCode(200);
        String openApi = alarms.toString().replace("/alarms", "/q/openapi");
        given().queryParam("format", "json").when().get(openApi).then().statusCode(401);
        given().auth().oauth2(token(KEYS, ISSUER, 300)).queryParam("format", "json").when().get(openApi)
                .then().statusCode(200).body("paths", hasKey("/alarms"));
    }
}
