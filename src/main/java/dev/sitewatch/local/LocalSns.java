package dev.sitewatch.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.sitewatch.local.emulator.Ports;

/**
 * SNS, locally: there is no SNS server to run, so WireMock answers the real SDK's {@code Publish} calls (query
 * protocol: a form body, an XML answer) and keeps every request for tests to read.
 */
public final class LocalSns implements AutoCloseable {

    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:sitewatch-alarms";

    private final WireMockServer server;

    private LocalSns(int port) {
        server = new WireMockServer(options().port(port).bindAddress("127.0.0.1"));
    }

    /** Starts WireMock on {@code port} (0 = any free port) answering every Publish with a fresh message id. */
    public static LocalSns start(int port) {
        LocalSns sns = new LocalSns(Ports.choose(port, "SNS (WireMock)"));
        sns.server.start();
        sns.acceptPublish();
        Runtime.getRuntime().addShutdownHook(new Thread(sns::close, "stop-sns"));
        return sns;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /** (Re)sets the default answer: every Publish succeeds. */
    public void acceptPublish() {
        acceptPublishAfter(Duration.ZERO);
    }

    /** Every Publish succeeds, answered only after {@code delay} (a slow SNS, for tests). */
    public void acceptPublishAfter(Duration delay) {
        server.resetMappings();
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withFixedDelay((int) delay.toMillis())
                        .withTransformers("response-template")
                        .withBody("""
                                <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                                  <PublishResult><MessageId>{{randomValue type='UUID'}}</MessageId></PublishResult>
                                  <ResponseMetadata><RequestId>{{randomValue type='UUID'}}</RequestId></ResponseMetadata>
                                </PublishResponse>""")));
    }

    /** Calls {@code listener} with the form fields of every Publish (dev mode prints the SMS text). */
    public void onPublish(Consumer<Map<String, String>> listener) {
        server.addMockServiceRequestListener((request, response) -> {
            String body = request.getBodyAsString();
            if (body != null && body.contains("Action=Publish")) {
                listener.accept(formFields(body));
            }
        });
    }

    /** The text an SMS subscriber gets: the {@code sms} part of a per-protocol JSON message, else the message. */
    public static String smsText(Map<String, String> publish) {
        String message = publish.getOrDefault("Message", "");
        if (!"json".equals(publish.get("MessageStructure"))) {
            return message;
        }
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(message);
            return json.hasNonNull("sms") ? json.get("sms").asText() : json.path("default").asText();
        } catch (java.io.IOException e) {
            return message;
        }
    }

    /** {@code a=1&b=x%20y} → {a=1, b=x y}. */
    public static Map<String, String> formFields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }
}
