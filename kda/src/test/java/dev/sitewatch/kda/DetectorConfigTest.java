package dev.sitewatch.kda;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static dev.sitewatch.kda.Fixtures.ALARMS_ARN;
import static dev.sitewatch.kda.Fixtures.ORDERS_ARN;
import static dev.sitewatch.kda.Fixtures.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectorConfigTest {

    @Test
    void hasTheDocumentedDefaults() {
        DetectorConfig config = Fixtures.config();

        assertThat(config.orderThreshold()).isEqualTo(30);
        assertThat(config.customerThreshold()).isEqualTo(20);
        assertThat(config.window()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.throttle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.countCancellations()).isFalse();
        assertThat(config.maxOutOfOrderness()).isEqualTo(Duration.ZERO);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.watermarkInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.watermarkLag()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.caughtUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.input().streamArn()).isEqualTo(ORDERS_ARN);
        assertThat(config.input().clientProperties().getProperty("aws.region")).isEqualTo("us-east-1");
        assertThat(config.output().name()).isEqualTo("website-alarms");
        assertThat(config.deadLetters()).isEmpty();
    }

    @Test
    void readsEveryKey() {
        Map<String, String> detector = new HashMap<>(Map.of("order.threshold", "100", "customer.threshold", "7",
                "window.seconds", "30", "throttle.seconds", "300", "count.cancellations", "true",
                "max.out.of.orderness.ms", "250", "idle.timeout.ms", "2000", "watermark.interval.ms", "50"));
        detector.putAll(Map.of("watermark.lag.ms", "800", "caught.up.ms", "3000"));
        DetectorConfig config = Fixtures.config(detector);

        assertThat(config.orderRule().threshold()).isEqualTo(100);
        assertThat(config.customerRule().threshold()).isEqualTo(7);
        assertThat(config.orderRule().window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.customerRule().throttle()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.countCancellations()).isTrue();
        assertThat(config.maxOutOfOrderness()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.watermarkInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.watermarkLag()).isEqualTo(Duration.ofMillis(800));
        assertThat(config.caughtUp()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theWatermarkLagMustBeBelowCaughtUp() {
        assertThatThrownBy(() -> Fixtures.config(Map.of("watermark.lag.ms", "5000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Detector.watermark.lag.ms (5000) must be below Detector.caught.up.ms (5000)");
        assertThat(Fixtures.config(Map.of("watermark.lag.ms", "4999")).watermarkLag())
                .isEqualTo(Duration.ofMillis(4999));
    }

    @Test
    void listsEveryProblemAtOnce() {
        Map<String, Properties> groups = new HashMap<>();
        groups.put("InputStream0", group(Map.of("stream.arn", "website-orders")));
        groups.put("Detector", group(Map.of("order.threshold", "0", "window.seconds", "15s",
                "count.cancellations", "yes", "treshold", "30", "caught.up.ms", "-1", "watermark.lag.ms", "soon")));

        assertThatThrownBy(() -> DetectorConfig.fromProperties(groups))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(
                        "Detector has unknown keys [treshold]",
                        "Detector.order.threshold must be a whole number of at least 1, was '0'",
                        "Detector.window.seconds must be a whole number of at least 1, was '15s'",
                        "Detector.count.cancellations must be true or false, was 'yes'",
                        "Detector.caught.up.ms must be a whole number of at least 1, was '-1'",
                        "Detector.watermark.lag.ms must be a whole number of at least 1, was 'soon'",
                        "InputStream0.stream.arn is not a Kinesis stream ARN: 'website-orders'",
                        "OutputStream0.stream.arn is required")
                // two invalid values are not also compared with each other
                .hasMessageNotContaining("must be below");
    }

    @Test
    void passesClientPropertiesThroughAndReadsTheOptionalDeadLetterStream() {
        Map<String, Properties> groups = new HashMap<>();
        groups.put("InputStream0", group(Map.of("stream.arn", ORDERS_ARN, "aws.region", "eu-west-1",
                "flink.stream.initpos", "TRIM_HORIZON")));
        groups.put("OutputStream0", group(Map.of("stream.arn", ALARMS_ARN)));
        groups.put("DeadLetterStream0", group(Map.of("stream.arn",
                "arn:aws:kinesis:eu-west-1:123456789012:stream/website-orders-dlq")));

        DetectorConfig config = DetectorConfig.fromProperties(groups);
        assertThat(config.input().clientProperties())
                .containsEntry("aws.region", "eu-west-1")
                .containsEntry("flink.stream.initpos", "TRIM_HORIZON")
                .doesNotContainKey("stream.arn");
        assertThat(config.deadLetters()).hasValueSatisfying(dlq ->
                assertThat(dlq.clientProperties()).containsEntry("aws.region", "eu-west-1"));
    }
}
