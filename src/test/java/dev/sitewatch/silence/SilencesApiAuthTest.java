package dev.sitewatch.silence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * The silences API with prod's authorization: the {@code %prod.quarkus.http.auth.*} settings of
 * application.properties themselves, not a copy. Reading needs a valid token, creating and expiring the role
 * {@code sitewatch-admin} from the token's {@code groups}. The key pair is made for this test run.
 */
@QuarkusTest
@TestProfile(SilencesApiAuthTest.ProdAuthorization.class)
class SilencesApiAuthTest {

    static final String ISSUER = "https://issuer.sitewatch.test";
    static final KeyPair KEYS = TestTokens.newKeyPair();
    static final String SUBJECT = "oncall-7f3a";

    public static class ProdAuthorization implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestTokens.prodAuthorization());
            config.putAll(TestTokens.trusting(ISSUER, KEYS));
            return config;
        }
    }

    @TestHTTPResource("/silences")
    URL silences;

    /** A valid token; {@code upn} differs from the subject, so that the test sees which one names the creator. */
    private static String token(String... groups) {
        return Jwt.issuer(ISSUER).subject(SUBJECT).upn("someone.else@example.com").groups(Set.of(groups))
                .expiresIn(300).sign(KEYS.getPrivate());
    }

    private static String body(String key) {
        return """
                {"matchers":{"type":"CUSTOMER_FLOOD","key":"%s"},"endsAt":"%s","comment":"auth test"}"""
                .formatted(key, Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void theProdSettingsAreThereToTest() {
        assertThat(TestTokens.prodAuthorization())
                .containsEntry("quarkus.http.auth.permission.silences.policy", "authenticated")
                .containsEntry("quarkus.http.auth.permission.silences-write.policy", "admin")
                .containsEntry("quarkus.http.auth.policy.admin.roles-allowed", "sitewatch-admin");
    }

    @Test
    void withoutATokenNothingIsAllowed() {
        given().contentType("application/json").body(body("auth-none")).when().post(silences.toString())
                .then().statusCode(401);
        given().when().get(silences.toString()).then().statusCode(401);
        given().when().delete(silences + "/" + java.util.UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void aTokenWithoutTheRoleReadsButCannotWrite() {
        for (String token : new String[] {token(), token("sitewatch-viewer")}) {
            given().auth().oauth2(token).contentType("application/json").body(body("auth-reader"))
                    .when().post(silences.toString()).then().statusCode(403);
            given().auth().oauth2(token).when().get(silences.toString()).then().statusCode(200);
            given().auth().oauth2(token).when().delete(silences + "/" + java.util.UUID.randomUUID())
                    .then().statusCode(403);
        }
    }

    @Test
    void anAdminCreatesAndExpiresAndIsNamedByTheTokensSubject() {
        Response created = given().auth().oauth2(token("sitewatch-admin")).contentType("application/json")
                .body(body("auth-admin-" + java.util.UUID.randomUUID())).when().post(silences.toString());
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getString("createdBy")).isEqualTo(SUBJECT);
        String location = created.header("Location");

        given().auth().oauth2(token()).when().get(location).then().statusCode(200);
        given().auth().oauth2(token()).when().delete(location).then().statusCode(403);
        given().auth().oauth2(token("sitewatch-admin")).when().delete(location).then().statusCode(204);
        assertThat(given().auth().oauth2(token()).when().get(location).jsonPath().getString("state"))
                .isEqualTo("EXPIRED");
    }
}
