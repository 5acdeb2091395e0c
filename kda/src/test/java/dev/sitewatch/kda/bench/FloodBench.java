package dev.sitewatch.kda.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sitewatch.kda.DetectorConfig;
import dev.sitewatch.kda.Fixtures;
import dev.sitewatch.kda.FloodDetectionJob;
import dev.sitewatch.kda.detect.FloodDetector;
import dev.sitewatch.kda.detect.FloodRule;
import dev.sitewatch.kda.io.InvalidOrderLine;
import dev.sitewatch.kda.io.OrderLineJson;
import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.AlarmType;
import dev.sitewatch.kda.model.OrderLine;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Throughput and alarm latency of the whole job on a one-slot MiniCluster, next to the rate of only parsing the
 * same lines with Jackson in the same JVM. Not a test: run with {@code -Pbench} (see kda/README.md).
 *
 * <p>Throughput: N generated lines (1 every 10 ms of event time, so a window holds 1,500 lines and the site is in
 * a permanent, throttled flood), pushed as fast as the job takes them; the clock runs from the first line the
 * source emits until the job has finished (all timers fired, all alarms written), so it excludes deployment but
 * includes the drain at the end.
 *
 * <p>Latency: a paced source emits lines in real time, each stamped with the wall clock as its arrival time (what
 * Kinesis' approximate arrival time is on AWS). Every 50 ms a new customer starts a burst that crosses the
 * customer threshold; the alarm for that crossing must go out at once, so its latency is the wall clock when the
 * sink receives it minus {@code windowEnd}, the arrival of the crossing line. That covers watermarking, network
 * buffers, both keyed exchanges and the detector; not the Kinesis hops on either side.
 */
public final class FloodBench {

    private static final long EVENT_STEP_MS = 10;
    private static final int LATENCY_RATE = 2_000;
    private static final int LATENCY_SECONDS = 20;
    private static final int WARM_UP_LINES = 50_000;

    private FloodBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[]{10_000, 100_000, 1_000_000}
                : Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        DetectorConfig config = Fixtures.config();
        System.out.printf("Flood bench: Java %s, %d cores, max heap %d MB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| lines | job lines/s | job wall incl. start-up (s) | OrderLineJson.parse lines/s "
                + "| ratio | ObjectMapper.readTree lines/s | ratio | alarms "
                + "| same job, no-op detectors, lines/s | its ratio to parse |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        // both variants once untimed, so that neither runs on code the other has warmed up
        BenchLines.generate(WARM_UP_LINES, 7);
        throughput(WARM_UP_LINES, config, FloodDetector::new);
        throughput(WARM_UP_LINES, config, rule -> new NoDetection());
        for (int size : sizes) {
            String[] lines = BenchLines.generate(size, 42);
            double streaming = parseRate(lines, FloodBench::parseStreaming);
            double tree = parseRate(lines, FloodBench::parseTree);
            Throughput job = throughput(size, config, FloodDetector::new);
            Throughput plumbing = throughput(size, config, rule -> new NoDetection());
            System.out.printf("| %,d | %,.0f | %.2f | %,.0f | %.2f | %,.0f | %.2f | %d | %,.0f | %.2f |%n", size,
                    job.rate(), job.wallSeconds(), streaming, job.rate() / streaming, tree, job.rate() / tree,
                    job.alarms(), plumbing.rate(), plumbing.rate() / streaming);
        }
        BenchLines.lines = new String[0];
        latency(config);
    }

    // ---- parsing alone -------------------------------------------------------------------------------------

    private interface Parse {
        int apply(String line) throws Exception;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static int parseStreaming(String line) {
        try {
            return OrderLineJson.parse(line).invoiceNo().length();
        } catch (InvalidOrderLine e) {
            return 0;
        }
    }

    private static int parseTree(String line) {
        try {
            return MAPPER.readTree(line).size();
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * Lines per second of one thread parsing every line: the best of three timed passes after two warm-up passes,
     * so the baseline is Jackson at its fastest (a generous baseline makes the ratio conservative).
     */
    private static double parseRate(String[] lines, Parse parse) throws Exception {
        long sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (String line : lines) {
                sink += parse.apply(line);
            }
        }
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            System.gc();
            long start = System.nanoTime();
            for (String line : lines) {
                sink += parse.apply(line);
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return lines.length / (best / 1e9);
    }

    // ---- whole job, as fast as it goes --------------------------------------------------------------------

    private record Throughput(double rate, double wallSeconds, int alarms) {
    }

    static final AtomicLong FIRST_LINE_NANOS = new AtomicLong();

    /** Everything but the detection: what parsing, filtering, both keyed exchanges and Flink's runtime cost. */
    private static final class NoDetection extends KeyedProcessFunction<String, OrderLine, Alarm> {
        @Override
        public void processElement(OrderLine order, Context ctx, Collector<Alarm> out) {
        }
    }

    private static Throughput throughput(int size, DetectorConfig config,
                                         Function<FloodRule, KeyedProcessFunction<String, OrderLine, Alarm>> detector)
            throws Exception {
        System.gc();
        FIRST_LINE_NANOS.set(0);
        TimedSink sink = new TimedSink();
        StreamExecutionEnvironment env = oneSlot();
        FloodDetectionJob.build(env, new DataGeneratorSource<>(new StoredLines(), size,
                TypeInformation.of(RawRecord.class)), sink, config, detector);
        long submitted = System.nanoTime();
        env.execute("flood-bench-throughput");
        long end = System.nanoTime();
        double seconds = (end - FIRST_LINE_NANOS.get()) / 1e9;
        return new Throughput(size / seconds, (end - submitted) / 1e9, sink.received().size());
    }

    private static final class StoredLines implements GeneratorFunction<Long, RawRecord> {
        @Override
        public RawRecord map(Long index) {
            if (index == 0) {
                FIRST_LINE_NANOS.set(System.nanoTime());
            }
            return new RawRecord(BenchLines.lines[index.intValue()], Fixtures.T0 + index * EVENT_STEP_MS, "bench");
        }
    }

    // ---- latency of immediate alarms -----------------------------------------------------------------------

    private static void latency(DetectorConfig config) throws Exception {
        TimedSink sink = new TimedSink();
        StreamExecutionEnvironment env = oneSlot();
        long lines = (long) LATENCY_RATE * LATENCY_SECONDS;
        FloodDetectionJob.build(env, new DataGeneratorSource<>(new PacedLines(), lines,
                RateLimiterStrategy.perSecond(LATENCY_RATE), TypeInformation.of(RawRecord.class)), sink, config);
        env.execute("flood-bench-latency");

        List<Long> latencies = new ArrayList<>();
        for (Received received : sink.received()) {
            Alarm alarm = received.alarm();
            if (alarm.type() == AlarmType.CUSTOMER_FLOOD && alarm.key().startsWith("B")) {
                latencies.add(received.wallMillis() - alarm.windowEnd());
            }
        }
        latencies.sort(null);
        long expected = lines / 100;
        System.out.printf("Latency, crossing line's arrival -> alarm at the sink, %d lines/s for %d s: "
                        + "%d of %d burst crossings alarmed; p50 %d ms, p99 %d ms, max %d ms%n",
                LATENCY_RATE, LATENCY_SECONDS, latencies.size(), expected, percentile(latencies, 50),
                percentile(latencies, 99), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
    }

    /**
     * Every 5th line belongs to a burst customer (20 clean order lines over 50 ms, then the next customer); the rest
     * is background traffic with its cancellations and garbage.
     */
    private static final class PacedLines implements GeneratorFunction<Long, RawRecord> {
        private transient SplittableRandom random;

        @Override
        public RawRecord map(Long index) {
            if (random == null) {
                random = new SplittableRandom(index);
            }
            int i = index.intValue();
            String line = i % 5 == 0
                    ? BenchLines.orderLine(random, i, "B" + (i / 100), false)
                    : BenchLines.line(random, i, BenchLines.customerFor(random));
            return new RawRecord(line, System.currentTimeMillis(), "bench");
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, rank));
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private static StreamExecutionEnvironment oneSlot() {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        return env;
    }

    private record Received(Alarm alarm, long wallMillis) {
    }

    /** Keeps each alarm with the wall-clock time it reached the sink (the MiniCluster shares this JVM). */
    private static final class TimedSink implements Sink<Alarm> {
        private static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();

        TimedSink() {
            RECEIVED.clear();
        }

        List<Received> received() {
            return new ArrayList<>(RECEIVED);
        }

        @Override
        @SuppressWarnings("deprecation")
        public SinkWriter<Alarm> createWriter(InitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Alarm alarm, Context context) {
                    RECEIVED.add(new Received(alarm, System.currentTimeMillis()));
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
