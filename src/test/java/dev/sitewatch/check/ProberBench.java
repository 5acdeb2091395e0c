package dev.sitewatch.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.sitewatch.local.LocalAws;
import dev.sitewatch.local.LocalCertificates;
import dev.sitewatch.local.LocalTables;
import dev.sitewatch.local.emulator.Dynalite;
import dev.sitewatch.local.emulator.Ports;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The site-prober's cost, on loopback against WireMock, in one JVM and one run:
 * <ol>
 * <li>per check, serially: a bare HTTP round trip (OkHttp, a new connection each time, no listener, body drained)
 * next to the prober's probe of the same URL ({@link ProbeClient}: timings, certificate, checks of status and
 * body), interleaved so both see the same machine; plain http, https (a TLS handshake each time), and https with a
 * site that takes 50 ms to answer;</li>
 * <li>the prober's own time per check in a round (DynamoDB: scan, the conditional state write, the results batch) at
 * pool size 1, and one round of {@code --checks} checks (500) with the default pool, against dynalite.</li>
 * </ol>
 * Args: {@code --probes 300 --checks 500 --out target/bench/prober.md}. Run by {@code ./bench.sh} (profile
 * {@code bench-probe}).
 */
public final class ProberBench {

    private ProberBench() {
    }

    public static void main(String[] args) throws Exception {
        int probes = 300;
        int checks = 500;
        Path out = Path.of("target/bench/prober.md");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--probes" -> probes = Integer.parseInt(args[i + 1]);
                case "--checks" -> checks = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        LocalCertificates certificates = LocalCertificates.create();
        LocalCertificates.ServerKeyStore keys = certificates.server("bench", Duration.ofDays(30));
        WireMockServer site = new WireMockServer(options().bindAddress("127.0.0.1").port(Ports.free())
                .httpsPort(Ports.free()).containerThreads(200).jettyAcceptors(2)
                .keystorePath(keys.path().toString()).keystorePassword(keys.password())
                .keyManagerPassword(keys.password()).keystoreType("PKCS12").disableRequestJournal());
        site.start();
        site.stubFor(any(urlPathEqualTo("/fast")).willReturn(aResponse().withStatus(200)
                .withBody("<html>" + "x".repeat(2_000) + " Add to basket</html>")));
        site.stubFor(any(urlPathEqualTo("/site")).willReturn(aResponse().withStatus(200).withFixedDelay(50)
                .withBody("<html>" + "x".repeat(2_000) + " Add to basket</html>")));
        StringBuilder md = new StringBuilder();
        try (Dynalite dynalite = Dynalite.start(0); DynamoDbClient dynamo = LocalAws.dynamo(dynalite.endpoint());
             KinesisClient kinesis = LocalAws.kinesis("http://127.0.0.1:" + Ports.free())) {
            LocalTables.createCheckTables(dynamo, "SitewatchChecks", "SitewatchCheckResults");
            ProbeClient client = new ProbeClient(1 << 20, certificates.caPem());
            OkHttpClient bare = bareClient(certificates.caPem());
            String http = "http://127.0.0.1:" + site.port();
            String https = "https://localhost:" + site.httpsPort();
            md.append(String.format(Locale.ROOT, "Run %s UTC on %d cores, load average %s, Java %s.%n%n",
                    Instant.now().truncatedTo(ChronoUnit.MINUTES).toString().replace("T", " ").replace("Z", ""),
                    Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version")));
            md.append(String.format(Locale.ROOT, """
                    ### Site prober: overhead per check

                    %d probes of each kind after %d to warm up, interleaved with the bare round trips; medians and \
                    p95 in ms. Bare: OkHttp with a new connection per request and the body drained; prober: \
                    `ProbeClient.probe` (the same client with the timing listener, certificate, status and body \
                    checks). Goal: prober ≤ 1.2 × bare.

                    | endpoint | bare p50 | prober p50 | ratio p50 | bare p95 | prober p95 |
                    |---|---:|---:|---:|---:|---:|
                    """, probes, probes / 2));
            for (String[] kind : new String[][] {{"http, loopback", http + "/fast"},
                    {"https (TLS handshake each), loopback", https + "/fast"},
                    {"https, site answers in 50 ms", https + "/site"}}) {
                progress("overhead: %s", kind[0]);
                md.append(overhead(kind[0], kind[1], probes, client, bare));
            }

            ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
            CheckStore store = new CheckStore(dynamo, "SitewatchChecks", mapper);
            ResultStore results = new ResultStore(dynamo, "SitewatchCheckResults", Duration.ofDays(90));
            md.append("""

                    ### Site prober: rounds

                    A round as the handler runs it (`SiteProber.run`): scan the checks, probe the due ones, write the \
                    results, commit each check's state (a conditional write), against dynalite on this machine. \
                    "Own time per check" is the round's time less the probes' own totals, divided by the checks, at \
                    pool size 1.

                    | round | checks | pool | round ms | probes' total ms | own time per check ms |
                    |---|---:|---:|---:|---:|---:|
                    """);
            Instant round = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            int serial = Math.min(100, checks);
            List<String> ids = create(store, serial, https + "/fast", "s");
            round = round.plus(Duration.ofMinutes(1));
            progress("round of %d checks, pool 1 (warm-up)", serial);
            new SiteProber(store, results, kinesis, "website-alarms", client, 1, Duration.ofSeconds(1), mapper)
                    .run(round);
            SiteProber single = new SiteProber(store, results, kinesis, "website-alarms", client, 1,
                    Duration.ofSeconds(1), mapper);
            single.warm = true;
            round = round.plus(Duration.ofMinutes(1));
            progress("round of %d checks, pool 1", serial);
            md.append(roundRow("https loopback, serial", single, round, store, results, ids, 1));
            ids.forEach(store::delete);

            for (String[] kind : new String[][] {{"https loopback", https + "/fast"},
                    {"https, site answers in 50 ms", https + "/site"}}) {
                List<String> many = create(store, checks, kind[1], kind[0].startsWith("https,") ? "l" : "f");
                SiteProber pooled = new SiteProber(store, results, kinesis, "website-alarms", client, 32,
                        Duration.ofSeconds(2), mapper);
                pooled.warm = true;
                round = round.plus(Duration.ofMinutes(1));
                progress("round of %d checks (%s), default pool 32", checks, kind[0]);
                md.append(roundRow(kind[0], pooled, round, store, results, many, 32));
                many.forEach(store::delete);
            }
        } finally {
            site.stop();
        }
        md.append("\n");
        System.out.print(md);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.exit(0); // OkHttp's and the pools' threads
    }

    private static String overhead(String name, String url, int probes, ProbeClient client, OkHttpClient bare)
            throws IOException {
        Check check = new Check("00000000000bec00", "bench", url, "GET", Map.of(), null,
                new Check.StatusRange(200, 299), "Add to basket", 10_000, 5_000, 60, url.startsWith("https") ? 14 : 0,
                2, 10, true, Instant.EPOCH, Instant.EPOCH);
        for (int i = 0; i < probes / 2; i++) {
            bare(bare, url);
            client.probe(check);
        }
        long[] bareNanos = new long[probes];
        long[] probeNanos = new long[probes];
        for (int i = 0; i < probes; i++) {
            long start = System.nanoTime();
            bare(bare, url);
            bareNanos[i] = System.nanoTime() - start;
            start = System.nanoTime();
            ProbeResult result = client.probe(check);
            probeNanos[i] = System.nanoTime() - start;
            if (!result.up()) {
                throw new IllegalStateException("probe of " + url + " failed: " + result.detail());
            }
        }
        double bare50 = ms(percentile(bareNanos, 0.5));
        double probe50 = ms(percentile(probeNanos, 0.5));
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f× | %.2f | %.2f |%n", name, bare50, probe50,
                probe50 / bare50, ms(percentile(bareNanos, 0.95)), ms(percentile(probeNanos, 0.95)));
    }

    private static void bare(OkHttpClient client, String url) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            response.body().source().readByteString(); // drained, as the probe reads it
            if (response.code() != 200) {
                throw new IOException("HTTP " + response.code());
            }
        }
    }

    private static String roundRow(String name, SiteProber prober, Instant round, CheckStore store,
                                   ResultStore results, List<String> ids, int pool) {
        long start = System.nanoTime();
        SiteProber.Report report = prober.run(round);
        long nanos = System.nanoTime() - start;
        long probeMillis = 0;
        for (String id : ids) {
            probeMillis += results.page(id, round, round.plusMillis(1), 1, null).results().stream()
                    .mapToLong(r -> r.timings().totalMs()).sum();
        }
        if (report.probed() != ids.size() || report.up() != ids.size()) {
            throw new IllegalStateException("round " + report + " did not probe all " + ids.size() + " up");
        }
        double own = pool == 1 ? (ms(nanos) - probeMillis) / ids.size() : Double.NaN;
        return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %d | %s |%n", name, ids.size(), pool, ms(nanos),
                probeMillis, pool == 1 ? String.format(Locale.ROOT, "%.2f", own) : "—");
    }

    private static List<String> create(CheckStore store, int count, String url, String tag) {
        List<String> ids = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String id = String.format("%015x%s", i, tag.equals("s") ? "a" : tag.equals("f") ? "b" : "c");
            store.create(new Check(id, "bench " + i, url, "GET", Map.of(), null, new Check.StatusRange(200, 299),
                    "Add to basket", 10_000, 5_000, 60, 14, 2, 10, true, now, now));
            ids.add(id);
        }
        return ids;
    }

    private static OkHttpClient bareClient(Path caPem) {
        X509TrustManager trust = ProbeClient.trustManager(caPem);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
            return new OkHttpClient.Builder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                    .sslSocketFactory(context.getSocketFactory(), trust).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long percentile(long[] values, double quantile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

        private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void progress(String format, Object... args) {
        System.err.printf("[prober bench] " + format + "%n", args);
    }
}
