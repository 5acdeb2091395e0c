package dev.sitewatch.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sitewatch.local.LocalAws;
import dev.sitewatch.local.LocalComponents;
import dev.sitewatch.local.emulator.KinesisLocal;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

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
        return LocalComponents.kinesisConfig(kinesis.endpoint());
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

    /** Every record of every shard of {@code stream}, from its start. */
    public static List<Record> readAll(String stream) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
            String iterator = client.getShardIterator(r -> r.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                var response = client.getRecords(r -> r.shardIterator(current).limit(1_000));
                records.addAll(response.records());
                iterator = response.records().isEmpty() ? null : response.nextShardIterator();
            }
        }
        return records;
    }

    /** Puts one record; returns its sequence number once Kinesis accepted it. */
    public static String put(String stream, String partitionKey, String data) {
        return client.putRecord(r -> r.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromUtf8String(data)))
                .sequenceNumber();
    }
}
