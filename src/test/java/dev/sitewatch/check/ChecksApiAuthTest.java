package dev.sitewatch.check;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.sitewatch.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

/**
 * {@code /checks} with prod's authorization (the {@code %prod.quarkus.http.auth.*} settings of
 * application.properties themselves): reading needs a valid token, writing the role {@code sitewatch-admin}.
 */
@QuarkusTest
@TestProfile(ChecksApiAuthTest.ProdAuthorization.class)
class ChecksApiAuthTest {

    static final String ISSUER = "https://issuer.sitewatch.test";
    static final KeyPair KEYS = TestTokens.newKeyPair();
    static final String BODY = "{\"name\":\"Auth\",\"url\":\"http://auth.example.com/\"}";

    public static class ProdAuthorization implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestTokens.prodAuthorization());
            config.putAll(TestTokens.trusting(ISSUER, KEYS));
            return config;
        }
    }

    private static String token(String... groups) {
        return Jwt.issuer(ISSUER).subject("oncall").groups(Set.of(groups)).expiresIn(300).sign(KEYS.getPrivate());
    }

    @TestHTTPResource("/checks")
    URL checks;

    @Test
    void theProdSettingsAreThereToTest() {
        assertThat(TestTokens.prodAuthorization())
                .containsEntry("quarkus.http.auth.permission.checks.policy", "authenticated")
                .containsEntry("quarkus.http.auth.permission.checks-write.policy", "admin");
    }

    @Test
    void withoutATokenNothingIsAllowed() {
        given().contentType("application/json").body(BODY).when().post(checks.toString()).then().statusCode(401);
        given().when().get(checks.toString()).then().statusCode(401);
        given().when().get(checks + "/0123456789abcdef/results").then().statusCode(401);
    }

    @Test
    void readersReadAndOnlyAdminsWrite() {
        String reader = token("sitewatch-viewer");
        String admin = token("sitewatch-admin");
        given().auth().oauth2(reader).contentType("application/json").body(BODY).when().post(checks.toString())
                .then().statusCode(403);
        Response created = given().auth().oauth2(admin).contentType("application/json").body(BODY).when()
                .post(checks.toString());
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String location = created.header("Location");

        given().auth().oauth2(reader).when().get(location).then().statusCode(200);
        given().auth().oauth2(reader).when().get(location + "/uptime").then().statusCode(200);
        given().auth().oauth2(reader).contentType("application/json").body(BODY).when().put(location)
                .then().statusCode(403);
        given().auth().oauth2(reader).when().delete(location).then().statusCode(403);
        given().auth().oauth2(admin).contentType("application/json").body(BODY).when().put(location)
                .then().statusCode(200);
        given().auth().oauth2(admin).when().delete(location).then().statusCode(204);
    }
}
