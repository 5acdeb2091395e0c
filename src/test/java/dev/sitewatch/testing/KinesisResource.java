package dev.sitewatch.testing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sitewatch.local.LocalAws;
import dev.sitewatch.local.emulator.KinesisLocal;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Kinesis for tests: kinesis-local on a free port with the app's two streams, through the one launcher. */
public class KinesisResource implements QuarkusTestResourceLifecycleManager {

    public static final String ORDERS_STREAM = "website-orders";
    public static final String ALARMS_STREAM = "website-alarms";

    private static KinesisLocal kinesis;
    private static KinesisClient client;

    @Override
    public Map<String, String> start() {
        Map<String, Integer> streams = new LinkedHashMap<>();
        streams.put(ORDERS_STREAM, 2);
        streams.put(ALARMS_STREAM, 1);
        kinesis = KinesisLocal.start(0, streams);
        client = KinesisClient.builder()
                .endpointOverride(URI.create(kinesis.endpoint()))
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        return Map.of("sitewatch.local.kinesis-endpoint", kinesis.endpoint());
    }

    @Override
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
    }

    public static KinesisClient client() {
        return client;
    }
}
