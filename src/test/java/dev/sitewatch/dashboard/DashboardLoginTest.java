package dev.sitewatch.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The dashboard as in prod behind the load balancer's OIDC login: the page, its data and the API need the signed-in
 * user's token, which the load balancer passes in {@code x-amzn-oidc-accesstoken}; the app checks it exactly as a
 * bearer token (signature, issuer, expiry). The key pair is made for this run.
 */
@QuarkusTest
@TestProfile(DashboardLoginTest.BehindLogin.class)
class DashboardLoginTest {

    static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example";
    static final String HEADER = "x-amzn-oidc-accesstoken";
    static final KeyPair KEYS = TestTokens.newKeyPair();
    static final KeyPair OTHER_KEYS = TestTokens.newKeyPair();

    public static class BehindLogin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestTokens.trusting(ISSUER, KEYS));
            config.put("quarkus.http.auth.permission.alarms.policy", "authenticated");
            config.put("quarkus.http.auth.permission.dashboard.policy", "authenticated");
            config.put("sitewatch.dashboard.access-token-header", HEADER);
            return config;
        }
    }

    @TestHTTPResource("/")
    URL root;

    private static String token(KeyPair keys, long expiresInSeconds) {
        return Jwt.issuer(ISSUER).subject("operator").expiresIn(expiresInSeconds).sign(keys.getPrivate());
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    @Test
    void withoutASignedInUserThePageAndItsDataAre401() {
        for (String path : new String[] {"/", "/dashboard/app.js", "/dashboard/order-rate", "/alarms"}) {
            given().get(url(path)).then().statusCode(401);
        }
    }

    @Test
    void theLoadBalancersTokenOpensThePageItsDataAndTheApi() {
        String token = token(KEYS, 300);
        String page = given().header(HEADER, token).get(url("/")).then().statusCode(200)
                .header("Content-Security-Policy", PageFilters.CONTENT_SECURITY_POLICY).extract().asString();
        assertThat(page).contains("<h1>Sitewatch</h1>").doesNotContain("Bearer").doesNotContain(token);
        given().header(HEADER, token).get(url("/dashboard/order-rate")).then().statusCode(200);
        given().header(HEADER, token).get(url("/alarms?limit=1")).then().statusCode(200);
        given().header(HEADER, token).get(url("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")).then().statusCode(200);
    }

    @Test
    void aForgedOrExpiredTokenInThatHeaderOpensNothing() {
        given().header(HEADER, token(OTHER_KEYS, 300)).get(url("/dashboard/order-rate")).then().statusCode(401);
        given().header(HEADER, token(KEYS, -60)).get(url("/alarms")).then().statusCode(401);
        given().header(HEADER, "not a token").get(url("/")).then().statusCode(401);
    }

    @Test
    void anApiClientsOwnBearerTokenStillDecides() {
        // a valid bearer token with a forged header: the bearer token is the one checked
        given().header("Authorization", "Bearer " + token(KEYS, 300)).header(HEADER, token(OTHER_KEYS, 300))
                .get(url("/alarms?limit=1")).then().statusCode(200);
        given().header("Authorization", "Bearer " + token(OTHER_KEYS, 300)).header(HEADER, token(KEYS, 300))
                .get(url("/alarms?limit=1")).then().statusCode(401);
    }
}
