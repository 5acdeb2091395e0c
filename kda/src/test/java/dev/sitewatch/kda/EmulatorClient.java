package dev.sitewatch.kda;

import dev.sitewatch.local.emulator.KinesisLocal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain Kinesis client on the emulator, for the ITs to put order lines and read what the job wrote. */
final class EmulatorClient implements AutoCloseable {

    private final KinesisClient client;

    EmulatorClient(KinesisLocal kinesis) {
        client = KinesisClient.builder()
                .endpointOverride(URI.create(kinesis.endpoint()))
                .region(Region.of(KinesisLocal.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Puts the lines in one call, each with its own partition key, so they spread over the shards. */
    void put(String stream, List<String> lines) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            entries.add(entry(lines.get(i)).partitionKey("line-" + System.nanoTime() + "-" + i).build());
        }
        putEntries(stream, entries);
    }

    /** Puts {@code line} once on every shard of {@code stream}. */
    void putOnEveryShard(String stream, String line) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
            entries.add(entry(line).partitionKey(shard.shardId())
                    .explicitHashKey(shard.hashKeyRange().startingHashKey()).build());
        }
        putEntries(stream, entries);
    }

    /** Reads the first shard of {@code stream} from its start; each {@link ShardReader#next} gives what is new. */
    ShardReader reader(String stream) {
        String shard = client.listShards(r -> r.streamName(stream)).shards().get(0).shardId();
        return new ShardReader(client.getShardIterator(r -> r.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
    }

    final class ShardReader {
        private String iterator;

        private ShardReader(String iterator) {
            this.iterator = iterator;
        }

        List<Record> next() {
            GetRecordsResponse response = client.getRecords(GetRecordsRequest.builder().shardIterator(iterator).build());
            iterator = response.nextShardIterator();
            return response.records();
        }
    }

    private static PutRecordsRequestEntry.Builder entry(String data) {
        return PutRecordsRequestEntry.builder().data(SdkBytes.fromString(data, StandardCharsets.UTF_8));
    }

    private void putEntries(String stream, List<PutRecordsRequestEntry> entries) {
        PutRecordsResponse response = client.putRecords(r -> r.streamName(stream).records(entries));
        assertThat(response.failedRecordCount()).isZero();
    }

    @Override
    public void close() {
        client.close();
    }
}
