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
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The job on this machine with nothing installed by hand: starts the Kinesis emulator, runs
 * {@code FloodDetectionJob.main --local} against it, puts ordinary traffic (a line a second) with a flood of 60
 * lines every two minutes on {@code website-orders}, and prints what arrives on {@code website-alarms} (alarms and
 * resolved notices). Ctrl-C stops it all. Run with {@code -Plocal} (see kda/README.md); extra arguments go to the
 * job (e.g. {@code --Detector.order.threshold 10}).
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> streams = new LinkedHashMap<>();
        streams.put("website-orders", 2);
        streams.put("website-alarms", 1);
        KinesisLocal kinesis = KinesisLocal.start(0, streams);
        System.out.println("Kinesis emulator on " + kinesis.endpoint());
        KinesisClient client = KinesisClient.builder()
                .endpointOverride(URI.create(kinesis.endpoint()))
                .region(Region.of(KinesisLocal.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        daemon("orders", () -> putOrders(client));
        daemon("alarms", () -> printAlarms(client));

        List<String> jobArgs = new ArrayList<>(List.of("--local", "--endpoint", kinesis.endpoint()));
        jobArgs.addAll(List.of(args));
        FloodDetectionJob.main(jobArgs.toArray(String[]::new));
    }

    private static void putOrders(KinesisClient client) {
        long started = System.currentTimeMillis();
        int invoice = 536365;
        boolean flooded = false;
        while (true) {
            List<PutRecordsRequestEntry> lines = new ArrayList<>();
            long second = (System.currentTimeMillis() - started) / 1000;
            boolean floodNow = second % 120 == 30;
            if (floodNow && !flooded) {
                System.out.println(">>> putting a flood of 60 order lines from customer 14911");
                for (int i = 0; i < 60; i++) {
                    lines.add(line(invoice, "14911", "France"));
                }
                invoice++;
            }
            flooded = floodNow;
            String customer = ThreadLocalRandom.current().nextInt(4) == 0 ? ""
                    : String.valueOf(12346 + ThreadLocalRandom.current().nextInt(4_300));
            lines.add(line(invoice++, customer, "United Kingdom"));
            client.putRecords(r -> r.streamName("website-orders").records(lines));
            sleep(1000); // the pace of the traffic: a line a second
        }
    }

    private static PutRecordsRequestEntry line(int invoice, String customer, String country) {
        String json = Fixtures.json(String.valueOf(invoice), "85123A", customer, country);
        return PutRecordsRequestEntry.builder().data(SdkBytes.fromString(json, StandardCharsets.UTF_8))
                .partitionKey(String.valueOf(invoice) + ThreadLocalRandom.current().nextInt()).build();
    }

    private static void printAlarms(KinesisClient client) {
        String shard = client.listShards(r -> r.streamName("website-alarms")).shards().get(0).shardId();
        String iterator = client.getShardIterator(r -> r.streamName("website-alarms").shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (true) {
            GetRecordsResponse response = client.getRecords(GetRecordsRequest.builder().shardIterator(iterator).build());
            iterator = response.nextShardIterator();
            for (Record record : response.records()) {
                String json = record.data().asString(StandardCharsets.UTF_8);
                System.out.println((json.startsWith("{\"resolved\":true") ? "RESOLVED " : "ALARM ") + json);
            }
            sleep(500); // prints alarms until stopped: the pace of polling, no condition to wait for
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
