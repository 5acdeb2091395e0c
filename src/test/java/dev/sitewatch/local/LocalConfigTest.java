package dev.sitewatch.local;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Every {@code sitewatch.local.*} flag README.md documents works: read at start exactly as dev mode reads it
 * ({@link LocalComponentsConfigSourceFactory#localConfig}, before any component starts), so a flag that
 * {@link LocalConfig} does not declare fails here instead of failing a user's {@code ./mvnw quarkus:dev -D…}.
 */
class LocalConfigTest {

    /** Each documented flag with a value a user might pass. */
    private static final Map<String, String> DOCUMENTED = Map.ofEntries(
            entry("sitewatch.local.dynamodb-port", "0"),
            entry("sitewatch.local.kinesis-port", "0"),
            entry("sitewatch.local.mariadb-port", "0"),
            entry("sitewatch.local.sns-port", "0"),
            entry("sitewatch.local.fresh", "true"),
            entry("sitewatch.local.pipeline.enabled", "false"),
            entry("sitewatch.local.pipeline.generator-args", "--rate 1 --flood-start 10 --flood-rate 40"),
            entry("sitewatch.local.pipeline.detector-args", "--Detector.order.threshold 50"),
            entry("sitewatch.local.feed.batch-size", "10"),
            entry("sitewatch.local.feed.batching-window", "1s"),
            entry("sitewatch.local.feed.alarms-batching-window", "10ms"),
            entry("sitewatch.local.feed.max-retry-attempts", "5"),
            entry("sitewatch.local.feed.history-max-record-age", "2h"),
            entry("sitewatch.local.feed.poll-interval", "100ms"),
            entry("sitewatch.local.shop.enabled", "false"),
            entry("sitewatch.local.shop.http-port", "0"),
            entry("sitewatch.local.shop.https-port", "0"),
            entry("sitewatch.local.shop.probe-interval", "30s"));

    /** A full key, not part of a class name, a placeholder ({@code <name>}) or a wildcard ({@code pipeline.*}). */
    private static final Pattern KEY = Pattern.compile("(?<![\\w.])sitewatch\\.local\\.[a-z0-9.*<>-]+");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    @Test
    void everyFlagInTheReadmeIsCoveredHere() throws IOException {
        assertThat(DOCUMENTED.keySet()).containsAll(localKeysInReadme());
    }

    @Test
    void everyDocumentedFlagIsDeclared() {
        LocalConfig config = readAtStart(DOCUMENTED);

        assertThat(List.of(config.dynamodbPort(), config.kinesisPort(), config.mariadbPort(), config.snsPort()))
                .containsOnly(0);
        assertThat(config.fresh()).isTrue();
        assertThat(config.pipeline().enabled()).isFalse();
        assertThat(config.pipeline().generatorArgs()).isEqualTo("--rate 1 --flood-start 10 --flood-rate 40");
        assertThat(config.pipeline().detectorArgs()).hasValue("--Detector.order.threshold 50");
        assertThat(config.feed().batchSize()).isEqualTo(10);
        assertThat(config.feed().batchingWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.feed().alarmsBatchingWindow()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.feed().maxRetryAttempts()).isEqualTo(5);
        assertThat(config.feed().historyMaxRecordAge()).isEqualTo(Duration.ofHours(2));
        assertThat(config.feed().pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.shop().enabled()).isFalse();
        assertThat(List.of(config.shop().httpPort(), config.shop().httpsPort())).containsOnly(0);
        assertThat(config.shop().probeInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withoutFlagsTheDocumentedDefaultsHold() {
        LocalConfig config = readAtStart(Map.of());

        assertThat(List.of(config.dynamodbPort(), config.kinesisPort(), config.mariadbPort(), config.snsPort()))
                .containsExactly(8000, 4567, 3307, 8089);
        assertThat(config.fresh()).isFalse();
        assertThat(config.pipeline().enabled()).isTrue();
        assertThat(config.pipeline().generatorArgs()).isEqualTo(LocalComponents.DEFAULT_GENERATOR_ARGS);
        assertThat(config.pipeline().detectorArgs()).isEmpty();
        assertThat(config.shop().enabled()).isTrue();
        assertThat(List.of(config.shop().httpPort(), config.shop().httpsPort())).containsExactly(8090, 8443);
        assertThat(config.shop().probeInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aFlagOfTheActiveProfileCounts() {
        assertThat(readAtStart(Map.of("%dev.sitewatch.local.pipeline.enabled", "false")).pipeline().enabled()).isFalse();
        assertThat(readAtStart(Map.of("%test.sitewatch.local.pipeline.enabled", "false")).pipeline().enabled()).isTrue();
    }

    @Test
    void aMisspeltFlagFailsBeforeAnythingStarts() {
        assertThatThrownBy(() -> readAtStart(Map.of("sitewatch.local.pipline.enabled", "false")))
                .hasStackTraceContaining("sitewatch.local.pipline.enabled");
    }

    /** What dev mode's config source factory reads from these properties, with profile {@code dev} active. */
    private static LocalConfig readAtStart(Map<String, String> properties) {
        AtomicReference<LocalConfig> read = new AtomicReference<>();
        new SmallRyeConfigBuilder()
                .withProfile("dev")
                .withSources(new PropertiesConfigSource(properties, "flags", 400))
                .withSources((ConfigSourceFactory) context -> {
                    read.set(LocalComponentsConfigSourceFactory.localConfig(context));
                    return List.of();
                })
                .build();
        return read.get();
    }

    /**
     * The {@code sitewatch.local.*} keys README.md names: written out in full, or in a configuration row as
     * {@code `sitewatch.local.feed.batch-size`, `batching-window`}, where the later names share the first's parent.
     */
    private static Set<String> localKeysInReadme() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher key = KEY.matcher(line);
            while (key.find()) {
                String name = key.group().replaceAll("\\.+$", "");
                if (!name.contains("*") && !name.contains("<")) {
                    keys.add(name);
                }
            }
            if (line.startsWith("| `sitewatch.local.")) {
                List<String> names = new ArrayList<>();
                Matcher cell = BACKTICKED.matcher(line.split("\\|")[1]);
                while (cell.find()) {
                    names.add(cell.group(1));
                }
                String parent = names.get(0).substring(0, names.get(0).lastIndexOf('.') + 1);
                names.stream().skip(1).forEach(name -> keys.add(parent + name));
            }
        }
        assertThat(keys).as("keys found in README.md").isNotEmpty();
        return keys;
    }
}
