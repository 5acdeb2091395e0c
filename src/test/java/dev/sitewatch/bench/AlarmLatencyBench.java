package dev.sitewatch.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.testing.KinesisResource;
import dev.sitewatch.testing.LatencyBenchResource;
import dev.sitewatch.testing.MariaDbResource;
import dev.sitewatch.testing.SnsPublishes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * End-to-end alarm latency on this machine, the whole local pipeline: from the arrival in {@code website-orders} of
 * the order that crosses the threshold (the alarm's {@code windowEnd}) to the Publish request at the SNS stand-in,
 * split at the alarm's arrival in {@code website-alarms} into the detector's hop (watermark, operators, sink buffer,
 * PutRecords) and the notifier's (the local mapping's poll and batching window, the handler: ledger, Publish).
 * Three ways: with ordinary traffic going on after the crossing, the same with MariaDB stopped, and a burst followed
 * by total silence. Not a test: {@code ./bench.sh} runs it ({@code -Dtest=AlarmLatencyBench}) and puts the table it
 * writes to {@code target/bench/alarm-latency.md} into BENCHMARKS.md. {@code -Dbench.floods=N} floods per way (20).
 */
@QuarkusTest
@TestProfile(AlarmLatencyBench.Pipeline.class)
@QuarkusTestResource(value = LatencyBenchResource.class, restrictToAnnotatedClass = true)
class AlarmLatencyBench {

    public static class Pipeline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sitewatch.local.feed.enabled", "true", "quarkus.log.category.\"dev.sitewatch\".level", "WARN");
        }
    }

    /** How one flood went, in ms from the crossing order's arrival. */
    record Sample(long atAlarmStream, long atSns) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Set<String> seen = new HashSet<>();
    private final AtomicLong invoice = new AtomicLong(900_000);

    @Test
    void alarmLatency() throws Exception {
        int floods = Integer.getInteger("bench.floods", 20);
        flood(true); // warm-up: the detector's first records, the handlers' first calls
        List<Sample> traffic = run("traffic", floods, true);
        MariaDbResource.mariaDb().stopServer();
        List<Sample> noDatabase;
        try {
            noDatabase = run("database down", floods, true);
        } finally {
            MariaDbResource.mariaDb().startServer();
        }
        List<Sample> silence = run("silence", floods, false);

        StringBuilder md = new StringBuilder()
                .append("| way | floods | p50 | p95 | p99 | max | detector hop p50 / p99 | notifier hop p50 / p99 |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        row(md, "traffic goes on after the crossing, MariaDB up", traffic);
        row(md, "traffic goes on, MariaDB stopped", noDatabase);
        row(md, "burst, then silence, MariaDB up", silence);
        md.append("\nms from the crossing order's arrival in `website-orders` to the Publish request at the SNS stand-in; "
                + "detector hop: to the alarm's arrival in `website-alarms`; notifier hop: from there to SNS.\n");
        Path out = Path.of("target/bench/alarm-latency.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.print(md);
    }

    private List<Sample> run(String way, int floods, boolean traffic) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < floods; i++) {
            System.out.printf(Locale.ROOT, "[alarm latency] %s, flood %d of %d%n", way, i + 1, floods);
            samples.add(flood(traffic));
        }
        return samples;
    }

    /** One burst that crosses the threshold, its alarm awaited at SNS, then the flood left to end. */
    private Sample flood(boolean traffic) throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            if (traffic) {
                // two orders a second: 4 in the 2 s window, well under the threshold of 10
                trickle.scheduleAtFixedRate(() -> put(List.of(order())), 0, 500, TimeUnit.MILLISECONDS);
            }
            Thread.sleep(1_000); // a second of quiet (or trickle) before the burst, on purpose
            List<PutRecordsRequestEntry> burst = new ArrayList<>();
            for (int i = 0; i < LatencyBenchResource.THRESHOLD + 2; i++) {
                burst.add(order());
            }
            put(burst);
            SnsPublishes.Publish publish = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(this::newPublish, p -> p != null);
            Record alarm = alarmRecord(publish.alarmId());
            Instant windowEnd = Instant.parse(mapper.readTree(alarm.data().asUtf8String()).get("windowEnd").asText());
            // the flood ends a window after the count fell under the threshold, i.e. two windows after the burst
            Thread.sleep(2_500L * LatencyBenchResource.WINDOW_SECONDS);
            return new Sample(alarm.approximateArrivalTimestamp().toEpochMilli() - windowEnd.toEpochMilli(),
                    publish.receivedAt().toEpochMilli() - windowEnd.toEpochMilli());
        } finally {
            trickle.shutdownNow();
        }
    }

    private SnsPublishes.Publish newPublish() {
        for (SnsPublishes.Publish publish : SnsPublishes.all()) {
            if (publish.alarmId().startsWith("ORDER_FLOOD") && seen.add(publish.alarmId())) {
                return publish;
            }
        }
        return null;
    }

    private Record alarmRecord(String alarmId) throws Exception {
        for (Record record : KinesisResource.readAll(KinesisResource.ALARMS_STREAM)) {
            JsonNode json = mapper.readTree(record.data().asUtf8String());
            if (!json.has("notification") && alarmId.equals(json.path("alarmId").asText())) {
                return record;
            }
        }
        throw new IllegalStateException("Alarm " + alarmId + " was published but is not on the alarm stream");
    }

    private PutRecordsRequestEntry order() {
        long n = invoice.incrementAndGet();
        String line = "{\"InvoiceNo\":\"" + n + "\",\"StockCode\":\"85123A\",\"Quantity\":\"1\",\"Customer\":\"\","
                + "\"Country\":\"United Kingdom\"}";
        return PutRecordsRequestEntry.builder().partitionKey("k" + n).data(SdkBytes.fromUtf8String(line)).build();
    }

    private static void put(List<PutRecordsRequestEntry> entries) {
        KinesisResource.client().putRecords(r -> r.streamName(KinesisResource.ORDERS_STREAM).records(entries));
    }

    private static void row(StringBuilder md, String way, List<Sample> samples) {
        long[] total = samples.stream().mapToLong(Sample::atSns).sorted().toArray();
        long[] detector = samples.stream().mapToLong(Sample::atAlarmStream).sorted().toArray();
        long[] notifier = samples.stream().mapToLong(s -> s.atSns() - s.atAlarmStream()).sorted().toArray();
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d / %d | %d / %d |%n", way,
                samples.size(), pct(total, 50), pct(total, 95), pct(total, 99), total[total.length - 1],
                pct(detector, 50), pct(detector, 99), pct(notifier, 50), pct(notifier, 99)));
    }

    /** Nearest-rank percentile. */
    private static long pct(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
