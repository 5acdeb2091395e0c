package dev.sitewatch.kda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code main --local}: emulator defaults, then a Managed Flink style JSON file, then single overrides. */
class LocalPropertiesTest {

    @Test
    void layersDefaultsFileAndOverrides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app-properties.json");
        Files.writeString(file, "[{\"PropertyGroupId\":\"Detector\",\"PropertyMap\":"
                + "{\"order.threshold\":\"10\",\"throttle.seconds\":\"30\"}}]");
        Map<String, String> options = FloodDetectionJob.options(new String[]{"--local", "--endpoint",
                "http://127.0.0.1:4599", "--properties", file.toString(), "--Detector.order.threshold", "12"});

        Map<String, Properties> groups = LocalProperties.load(options);
        DetectorConfig config = DetectorConfig.fromProperties(groups);

        assertThat(config.orderThreshold()).isEqualTo(12);
        assertThat(config.throttle().toSeconds()).isEqualTo(30);
        assertThat(config.input().streamArn())
                .isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/website-orders");
        assertThat(config.output().clientProperties())
                .containsEntry("aws.endpoint", "http://127.0.0.1:4599")
                .containsEntry("aws.http.protocol.version", "HTTP1_1");
    }

    @Test
    void rejectsAnArgumentThatIsNotAnOption() {
        assertThatThrownBy(() -> FloodDetectionJob.options(new String[]{"--local", "x", "y"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'y'");
    }
}
