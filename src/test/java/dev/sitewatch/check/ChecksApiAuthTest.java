package dev.sitewatch.check;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

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
    static final KeyPair KEYS = keyPair();
    static final String BODY = "{\"name\":\"Auth\",\"url\":\"http://auth.example.com/\"}";

    public static class ProdAuthorization implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(prodAuthorization());
            config.put("mp.jwt.verify.issuer", ISSUER);
            config.put("mp.jwt.verify.publickey", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()));
            return config;
        }
    }

    static Map<String, String> prodAuthorization() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> prod = new HashMap<>();
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("%prod.quarkus.http.auth."))
                .forEach(k -> prod.put(k.substring("%prod.".length()), properties.getProperty(k)));
        return prod;
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(String... groups) {
        return Jwt.issuer(ISSUER).subject("oncall").groups(Set.of(groups)).expiresIn(300).sign(KEYS.getPrivate());
    }

    @TestHTTPResource("/checks")
    URL checks;

    @Test
    void theProdSettingsAreThereToTest() {
        assertThat(prodAuthorization())
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
