package dev.sitewatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.sitewatch.kinesis.StreamRecord;
import dev.sitewatch.local.emulator.Dynalite;

/**
 * The app's benches in one JVM: order-archiver throughput and DynamoDB requests per line against dynalite (next to
 * a bare BatchWriteItem loop) and decoding (next to bare Jackson); the packages' cold start is
 * {@link dev.sitewatch.packages.ColdStartBench}. Prints Markdown and writes it to {@code --out}; {@code ./bench.sh}
 * puts it into BENCHMARKS.md.
 *
 * <p>Args: {@code --sizes 10000,100000,300000 --decode-lines 100000 --out target/bench/app.md}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = {10_000, 100_000, 300_000};
        int decodeLines = 100_000;
        Path out = Path.of("target/bench/app.md");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--decode-lines" -> decodeLines = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        StringBuilder md = new StringBuilder();
        progress("decoding, %,d lines", decodeLines);
        md.append(decoding(DecodeBench.run(data(BenchLines.records(decodeLines, 7, 0)), 3, 5)));
        try (Dynalite dynalite = Dynalite.start(0)) {
            ArchiverBench archiver = new ArchiverBench(dynalite.endpoint());
            progress("archiver warm-up, 5,000 lines");
            archiver.run("warmup", BenchLines.records(5_000, 1, 0));
            List<ArchiverBench.Result> results = new ArrayList<>();
            for (int size : sizes) {
                progress("archiver, %,d lines", size);
                results.add(archiver.run("n" + size, BenchLines.records(size, 2, 0)));
            }
            progress("archiver, 10,000 lines with 1 %% not JSON");
            ArchiverBench.Result dirty = archiver.run("dirty", BenchLines.records(10_000, 3, 0.01));
            md.append(archiver(results, dirty));
        }
        System.out.print(md);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
    }

    static List<byte[]> data(List<StreamRecord> records) {
        return records.stream().map(StreamRecord::data).toList();
    }

    static String decoding(DecodeBench.Result r) {
        return String.format(Locale.ROOT, """
                ### Decoding

                | lines | `OrderLineParser.parse` lines/s | bare `ObjectMapper.readTree` lines/s | ratio |
                |---|---|---|---|
                | %,d | %,.0f | %,.0f | %.2f× |

                """, r.lines(), r.parseRate(), r.readTreeRate(), r.ratio());
    }

    static String archiver(List<ArchiverBench.Result> results, ArchiverBench.Result dirty) {
        StringBuilder md = new StringBuilder("""
                ### Order archiver

                | lines | `OrderArchive.archive` lines/s | bare `BatchWriteItem` loop items/s | ratio (goal ≥ 0.9×) \
                | archiver µs/line | calls (of them counter `UpdateItem`s) | HTTP attempts \
                | requests/line (goal ≤ 1/25 + 1/batch + retries) | orders counted / countable |
                |---|---|---|---|---|---|---|---|---|
                """);
        for (ArchiverBench.Result r : results) {
            md.append(String.format(Locale.ROOT,
                    "| %,d | %,.0f | %,.0f | **%.2f×** %s | %.0f | %,d (%,d) | %,d | **%.4f** (≤ %.4f) %s | %,d / %,d |%n",
                    r.lines(), r.archiverRate(), r.bareRate(), r.ratio(), r.ratio() >= 0.9 ? "met" : "not met",
                    1e6 / r.archiverRate(), r.archiverRequests().calls(), r.archiverRequests().updates(),
                    r.archiverRequests().attempts(), r.requestsPerLine(), r.requestsPerLineGoal(),
                    r.requestsPerLine() <= r.requestsPerLineGoal() + 1e-9 ? "met" : "not met", r.counted(),
                    r.countable()));
        }
        md.append(String.format(Locale.ROOT,
                "| %,d, 1 %% not JSON (%d quarantined) | %,.0f | %,.0f | – (the bare loop writes no quarantine) "
                        + "| %.0f | %,d (%,d) | %,d | %.4f | %,d / %,d |%n%n",
                dirty.lines(), dirty.quarantined(), dirty.archiverRate(), dirty.bareRate(),
                1e6 / dirty.archiverRate(), dirty.archiverRequests().calls(), dirty.archiverRequests().updates(),
                dirty.archiverRequests().attempts(), dirty.requestsPerLine(), dirty.counted(), dirty.countable()));
        if (results.size() > 1) {
            double first = 1e6 / results.get(0).archiverRate();
            double last = 1e6 / results.get(results.size() - 1).archiverRate();
            md.append(String.format(Locale.ROOT, "Scaling: %.0f µs a line at %,d lines, %.0f µs at %,d (%.2f×): %s.%n%n",
                    first, results.get(0).lines(), last, results.get(results.size() - 1).lines(), last / first,
                    last / first <= 1.25 ? "the cost per line does not grow with the size: linear in lines"
                            : "the cost per line grows with the size: worse than linear"));
        }
        return md.toString();
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(),
                String.format(Locale.ROOT, format, args));
    }
}
