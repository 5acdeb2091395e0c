package dev.sitewatch.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sitewatch.local.emulator.Ports;

/**
 * Secrets Manager for tests: WireMock answering the real SDK's {@code GetSecretValue} (JSON 1.1 protocol: a POST to
 * {@code /} with {@code X-Amz-Target: secretsmanager.GetSecretValue} and {@code {"SecretId": ...}}) with the secrets
 * a test serves, and {@code ResourceNotFoundException} for any other. Tests read the requests it received.
 */
public final class SecretsManagerStub implements AutoCloseable {

    static final String TARGET = "secretsmanager.GetSecretValue";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    private SecretsManagerStub(int port) {
        server = new WireMockServer(options().port(port).bindAddress("127.0.0.1"));
    }

    public static SecretsManagerStub start() {
        SecretsManagerStub stub = new SecretsManagerStub(Ports.choose(0, "Secrets Manager (WireMock)"));
        stub.server.start();
        stub.server.stubFor(post(urlEqualTo("/")).atPriority(10)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ResourceNotFoundException\","
                                + "\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
        return stub;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /** From now on, {@code secretId}'s current version holds this user and password (as RDS secrets do). */
    public void serve(String secretId, String username, String password) {
        String secretString;
        try {
            secretString = JSON.writeValueAsString(Map.of("engine", "mysql", "username", username, "password", password));
            server.stubFor(post(urlEqualTo("/")).atPriority(1)
                    .withHeader("X-Amz-Target", equalTo(TARGET))
                    .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody(JSON.writeValueAsString(Map.of("ARN", secretId, "Name", secretId,
                                    "VersionId", UUID.randomUUID().toString(), "SecretString", secretString,
                                    "VersionStages", List.of("AWSCURRENT"), "CreatedDate", 1.7645e9)))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The GetSecretValue requests for {@code secretId} received so far, oldest first. */
    public List<LoggedRequest> reads(String secretId) {
        return server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId))));
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }
}
