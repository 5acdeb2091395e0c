package dev.sitewatch.local.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kinesis Data Streams, emulated by npm {@code kinesis-local} (kinesis-mock, the engine LocalStack uses), in memory,
 * on its plain-HTTP port. The streams given to {@link #start} exist and are ACTIVE when it returns.
 */
public final class KinesisLocal extends NodeProcess {

    /** Streams are created in the emulator's region; clients must use the same one. */
    public static final String REGION = "us-east-1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Integer> streams;

    private KinesisLocal(NodeModules modules, int port, int tlsPort, Map<String, Integer> streams) {
        super("kinesis-local", port, modules, modules.resolve("kinesis-local"), // reads server.json from there
                List.of("main.js"),
                Map.of("KINESIS_MOCK_PLAIN_PORT", String.valueOf(port),
                        "KINESIS_MOCK_TLS_PORT", String.valueOf(tlsPort),
                        "INITIALIZE_STREAMS", streams.entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",")),
                        "AWS_REGION", REGION,
                        "CREATE_STREAM_DURATION", "50ms",
                        "LOG_LEVEL", "WARN"),
                Duration.ofSeconds(60));
        this.streams = Map.copyOf(streams);
        awaitStreamsActive();
    }

    /**
     * Starts the emulator on {@code port} (0 = any free port) with the given streams (name → shard count, in order).
     */
    public static KinesisLocal start(int port, Map<String, Integer> streams) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("Name at least one stream to create");
        }
        NodeModules modules = NodeModules.installed();
        int plain = Ports.choose(port, "Kinesis (kinesis-local)");
        return new KinesisLocal(modules, plain, Ports.free(), new LinkedHashMap<>(streams));
    }

    public Map<String, Integer> streams() {
        return streams;
    }

    // Polls DescribeStreamSummary over plain HTTP (kept free of the AWS SDK so kda/ can reuse this class). The
    // emulator wants an Authorization header but does not check the signature.
    private void awaitStreamsActive() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (String stream : streams.keySet()) {
            while (!isActive(http, stream)) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("Stream " + stream + " not ACTIVE in kinesis-local within "
                            + READY_TIMEOUT + "; see " + log());
                }
                sleep(50);
            }
        }
    }

    private boolean isActive(HttpClient http, String stream) {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint()))
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Kinesis_20131202.DescribeStreamSummary")
                .header("X-Amz-Date", date)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/" + date.substring(0, 8) + "/" + REGION
                        + "/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"StreamName\":\"" + stream + "\"}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"StreamStatus\":\"ACTIVE\"");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for kinesis-local", e);
        }
    }
}
