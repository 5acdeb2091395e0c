package dev.sitewatch.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the tests of authentication share: a key pair made for the test run (nothing secret is in the repository), the
 * settings that make smallrye-jwt trust it, and prod's own authorization settings from application.properties.
 */
public final class TestTokens {

    private TestTokens() {
    }

    /** A fresh RSA key pair, to sign tokens with (the private key) and to verify them by (the public one). */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config that makes the app accept tokens of {@code issuer} signed by {@code keys}. */
    public static Map<String, String> trusting(String issuer, KeyPair keys) {
        return Map.of("mp.jwt.verify.issuer", issuer,
                "mp.jwt.verify.publickey", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
    }

    /** Every {@code %prod.quarkus.http.auth.*} setting of application.properties, without its profile. */
    public static Map<String, String> prodAuthorization() {
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
}
