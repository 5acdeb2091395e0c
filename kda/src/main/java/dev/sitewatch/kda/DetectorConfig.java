package dev.sitewatch.kda;

import dev.sitewatch.kda.detect.FloodRule;
import dev.sitewatch.kda.io.KinesisStream;
import dev.sitewatch.kda.model.AlarmType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything the job is configured with, read once from the runtime property groups (Managed Flink's
 * application properties, or the local equivalent) and validated as a whole: a bad value stops the job at start
 * with every problem listed, instead of surfacing as odd alarms later. Defaults and meanings are in kda/README.md.
 */
public record DetectorConfig(
        int orderThreshold,
        int customerThreshold,
        Duration window,
        Duration throttle,
        boolean countCancellations,
        Duration maxOutOfOrderness,
        Duration idleTimeout,
        Duration watermarkInterval,
        Duration watermarkLag,
        Duration caughtUp,
        KinesisStream input,
        KinesisStream output,
        Optional<KinesisStream> deadLetters) {

    public static final String INPUT = "InputStream0";
    public static final String OUTPUT = "OutputStream0";
    public static final String DEAD_LETTERS = "DeadLetterStream0";
    public static final String DETECTOR = "Detector";

    public static final String STREAM_ARN = "stream.arn";
    public static final String REGION = "aws.region";

    static final String ORDER_THRESHOLD = "order.threshold";
    static final String CUSTOMER_THRESHOLD = "customer.threshold";
    static final String WINDOW_SECONDS = "window.seconds";
    static final String THROTTLE_SECONDS = "throttle.seconds";
    static final String COUNT_CANCELLATIONS = "count.cancellations";
    static final String MAX_OUT_OF_ORDERNESS_MS = "max.out.of.orderness.ms";
    static final String IDLE_TIMEOUT_MS = "idle.timeout.ms";
    static final String WATERMARK_INTERVAL_MS = "watermark.interval.ms";
    static final String WATERMARK_LAG_MS = "watermark.lag.ms";
    static final String CAUGHT_UP_MS = "caught.up.ms";

    private static final Map<String, String> DETECTOR_DEFAULTS = Map.of(
            ORDER_THRESHOLD, "30",
            CUSTOMER_THRESHOLD, "20",
            WINDOW_SECONDS, "15",
            THROTTLE_SECONDS, "60",
            COUNT_CANCELLATIONS, "false",
            MAX_OUT_OF_ORDERNESS_MS, "0",
            IDLE_TIMEOUT_MS, "5000",
            WATERMARK_INTERVAL_MS, "100",
            WATERMARK_LAG_MS, "500",
            CAUGHT_UP_MS, "5000");

    private static final Pattern STREAM_ARN_SHAPE =
            Pattern.compile("arn:aws[a-z-]*:kinesis:([a-z0-9-]+):\\d{12}:stream/[A-Za-z0-9_.-]{1,128}");

    public FloodRule orderRule() {
        return new FloodRule(AlarmType.ORDER_FLOOD, orderThreshold, window, throttle);
    }

    public FloodRule customerRule() {
        return new FloodRule(AlarmType.CUSTOMER_FLOOD, customerThreshold, window, throttle);
    }

    /** Reads and validates the property groups; throws {@link IllegalArgumentException} listing every problem. */
    public static DetectorConfig fromProperties(Map<String, Properties> groups) {
        Problems problems = new Problems();
        Properties detector = groups.getOrDefault(DETECTOR, new Properties());
        Set<String> unknown = new TreeSet<>(detector.stringPropertyNames());
        unknown.removeAll(DETECTOR_DEFAULTS.keySet());
        if (!unknown.isEmpty()) {
            problems.add(DETECTOR + " has unknown keys " + unknown + "; known keys are "
                    + new TreeSet<>(DETECTOR_DEFAULTS.keySet()));
        }
        int orderThreshold = problems.positiveInt(detector, ORDER_THRESHOLD);
        int customerThreshold = problems.positiveInt(detector, CUSTOMER_THRESHOLD);
        int windowSeconds = problems.positiveInt(detector, WINDOW_SECONDS);
        int throttleSeconds = problems.positiveInt(detector, THROTTLE_SECONDS);
        boolean countCancellations = problems.bool(detector, COUNT_CANCELLATIONS);
        long outOfOrderness = problems.nonNegativeLong(detector, MAX_OUT_OF_ORDERNESS_MS);
        long idleTimeout = problems.positiveInt(detector, IDLE_TIMEOUT_MS);
        long watermarkInterval = problems.positiveInt(detector, WATERMARK_INTERVAL_MS);
        int problemsBefore = problems.count();
        long watermarkLag = problems.positiveInt(detector, WATERMARK_LAG_MS);
        long caughtUp = problems.positiveInt(detector, CAUGHT_UP_MS);
        if (problems.count() == problemsBefore && watermarkLag >= caughtUp) {
            problems.add(DETECTOR + "." + WATERMARK_LAG_MS + " (" + watermarkLag + ") must be below "
                    + DETECTOR + "." + CAUGHT_UP_MS + " (" + caughtUp + ")");
        }

        KinesisStream input = problems.stream(groups, INPUT, true);
        KinesisStream output = problems.stream(groups, OUTPUT, true);
        KinesisStream deadLetters = groups.containsKey(DEAD_LETTERS) ? problems.stream(groups, DEAD_LETTERS, true) : null;
        problems.throwIfAny();
        return new DetectorConfig(orderThreshold, customerThreshold, Duration.ofSeconds(windowSeconds),
                Duration.ofSeconds(throttleSeconds), countCancellations, Duration.ofMillis(outOfOrderness),
                Duration.ofMillis(idleTimeout), Duration.ofMillis(watermarkInterval), Duration.ofMillis(watermarkLag),
                Duration.ofMillis(caughtUp), input, output,
                Optional.ofNullable(deadLetters));
    }

    private static final class Problems {
        private final List<String> found = new ArrayList<>();

        void add(String problem) {
            found.add(problem);
        }

        int count() {
            return found.size();
        }

        int positiveInt(Properties group, String key) {
            String text = value(group, key);
            try {
                int value = Integer.parseInt(text);
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            add(DETECTOR + "." + key + " must be a whole number of at least 1, was '" + text + "'");
            return 1;
        }

        long nonNegativeLong(Properties group, String key) {
            String text = value(group, key);
            try {
                long value = Long.parseLong(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            add(DETECTOR + "." + key + " must be a whole number of at least 0, was '" + text + "'");
            return 0;
        }

        boolean bool(Properties group, String key) {
            String text = value(group, key);
            if (!text.equals("true") && !text.equals("false")) {
                add(DETECTOR + "." + key + " must be true or false, was '" + text + "'");
            }
            return Boolean.parseBoolean(text);
        }

        private static String value(Properties group, String key) {
            return group.getProperty(key, DETECTOR_DEFAULTS.get(key)).trim();
        }

        KinesisStream stream(Map<String, Properties> groups, String group, boolean required) {
            Properties properties = groups.get(group);
            String arn = properties == null ? null : properties.getProperty(STREAM_ARN);
            if (arn == null || arn.isBlank()) {
                if (required) {
                    add(group + "." + STREAM_ARN + " is required (arn:aws:kinesis:<region>:<account>:stream/<name>)");
                }
                return null;
            }
            var shape = STREAM_ARN_SHAPE.matcher(arn.trim());
            if (!shape.matches()) {
                add(group + "." + STREAM_ARN + " is not a Kinesis stream ARN: '" + arn + "'");
                return null;
            }
            Properties client = new Properties();
            properties.stringPropertyNames().stream()
                    .filter(key -> !key.equals(STREAM_ARN))
                    .forEach(key -> client.setProperty(key, properties.getProperty(key).trim()));
            // The region is in the ARN; saying it again is optional.
            client.putIfAbsent(REGION, shape.group(1));
            return new KinesisStream(arn.trim(), client);
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw new IllegalArgumentException("Invalid configuration:\n  - " + String.join("\n  - ", found));
            }
        }
    }
}
