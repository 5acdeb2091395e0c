package dev.sitewatch.packages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start of each function's package: JVM launch to the first event handled, and peak RSS, launched as AWS's
 * managed Java runtime launches a function of 512 MB ({@link FunctionProcess}: the runtime interface client, a
 * Runtime API stand-in, AWS's JVM flags for the size) with a full batch against the real local components
 * ({@link PackageWorld}). Beside them in the same rounds: a bare Quarkus Lambda that this bench builds from nothing but
 * the same Quarkus version, one {@code RequestHandler<KinesisEvent, StreamsEventResponse>} that counts the records of
 * the archiver's batch. Round-robin, so that every variant sees the same machine; medians.
 * <p>
 * {@code ./bench.sh} runs it and puts the table into BENCHMARKS.md; by hand, after {@code ./mvnw package}:
 * {@code ./mvnw -B -Pbench -Dkda.skip test-compile exec:exec -Dbench.main=dev.sitewatch.packages.ColdStartBench
 * -Dbench.args="--runs 5 --out target/bench/coldstart.md"}.
 */
public final class ColdStartBench {

    static final int MEMORY_MB = 512;
    static final String BARE = "bare (the bench's own)";

    private record Launch(long toReadyMs, long toFirstEventMs, long peakRssKb) {
    }

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        Path out = Path.of("target/bench/coldstart.md");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        Path bare = BareLambda.build(Path.of("target/bench/bare"), quarkusVersion());
        Map<String, List<Launch>> launches = new LinkedHashMap<>();
        launches.put(BARE, new ArrayList<>());
        PackageWorld.FUNCTIONS.forEach(f -> launches.put(f, new ArrayList<>()));
        try (PackageWorld world = new PackageWorld()) {
            // once each, untimed: the page cache, the emulators' first requests, the schema the historian needs
            launch(world, BARE, bare);
            for (String function : PackageWorld.FUNCTIONS) {
                launch(world, function, null);
            }
            for (int round = 0; round < runs; round++) {
                progress("round %d of %d", round + 1, runs);
                for (String variant : launches.keySet()) {
                    launches.get(variant).add(launch(world, variant, variant.equals(BARE) ? bare : null));
                }
            }
        }
        String md = table(launches, runs, bare);
        System.out.print(md);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
    }

    private static Launch launch(PackageWorld world, String variant, Path bareTask) throws Exception {
        boolean isBare = variant.equals(BARE);
        String eventOf = isBare ? "order-archiver" : variant;
        Map<String, String> config = isBare ? Map.of() : world.config(variant);
        try (FunctionProcess function = isBare ? FunctionProcess.launch("bare", bareTask, MEMORY_MB, true, config)
                : FunctionProcess.launch(variant, MEMORY_MB, true, config)) {
            RuntimeApiStandIn.Answer answer = function.invoke(world.event(eventOf), Duration.ofSeconds(120));
            if (answer.error()) {
                throw new IllegalStateException(variant + " answered an error: " + answer.body() + "\n" + function.output());
            }
            if (isBare && !answer.body().contains("\"batchItemFailures\"")) {
                throw new IllegalStateException("the bare handler answered " + answer.body());
            }
            return new Launch(function.millisSinceLaunch(function.firstPollNanos()),
                    function.millisSinceLaunch(answer.atNanos()), function.peakRssKb());
        }
    }

    /** The Quarkus version the packages are built with (pom.xml), for the bare Lambda. */
    static String quarkusVersion() throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<quarkus.platform.version>([^<]+)<")
                .matcher(Files.readString(Path.of("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no quarkus.platform.version in pom.xml");
        }
        return m.group(1);
    }

    private static long median(List<Launch> launches, java.util.function.ToLongFunction<Launch> f) {
        long[] values = launches.stream().mapToLong(f).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static String table(Map<String, List<Launch>> launches, int runs, Path bareTask) throws IOException {
        long bareMs = median(launches.get(BARE), Launch::toFirstEventMs);
        long bareKb = median(launches.get(BARE), Launch::peakRssKb);
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                ### Cold start per function package (JVM, %d MB under AWS's flags, runtime interface client; median of %d launches each, round-robin)

                %s, `%s` (AWS's flags) and `%s` (the sandbox's memory). Goal: each function within 1.5× the bare \
                handler's time to first event and its peak RSS. *Ready*: launch until the runtime asks for the first \
                event (init done); *first event*: launch until its answer.

                | package | zip (MB) | launch → ready (ms) | launch → first event handled (ms) | ÷ bare | peak RSS (MB) | ÷ bare |
                |---|---|---|---|---|---|---|
                """, MEMORY_MB, runs, FunctionProcess.java().getParent().getParent().getFileName(),
                String.join(" ", FunctionProcess.awsJvmFlags(MEMORY_MB)), String.join(" ", FunctionProcess.sandboxFlags(MEMORY_MB))));
        for (Map.Entry<String, List<Launch>> e : launches.entrySet()) {
            boolean bare = e.getKey().equals(BARE);
            Path zip = bare ? bareTask.resolveSibling("function.zip") : FunctionProcess.packageDir(e.getKey()).resolve("function.zip");
            long ms = median(e.getValue(), Launch::toFirstEventMs);
            long kb = median(e.getValue(), Launch::peakRssKb);
            double timeRatio = (double) ms / bareMs;
            double rssRatio = (double) kb / bareKb;
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %d | %s | %d | %s |%n", bare ? BARE : "`" + e.getKey() + "`",
                    Files.size(zip) / 1048576.0, median(e.getValue(), Launch::toReadyMs), ms, bare ? "1.0×" : mark(timeRatio),
                    kb / 1024, bare ? "1.0×" : mark(rssRatio)));
        }
        return md.append('\n').toString();
    }

    private static String mark(double ratio) {
        return String.format(Locale.ROOT, ratio <= 1.5 ? "%.2f×" : "**%.2f×** (over 1.5×)", ratio);
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[coldstart %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    }
}
