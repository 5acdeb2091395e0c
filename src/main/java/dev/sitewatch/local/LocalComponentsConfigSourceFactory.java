package dev.sitewatch.local;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * In dev mode (and the {@code local} profile), starts the local components before anything needs them — a
 * {@code @Startup} bean would be too late for the clients and for migrations — and hands their endpoints to the
 * app as configuration, above application.properties and below system properties and the environment.
 */
public class LocalComponentsConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 275;
    static final String PREFIX = "sitewatch.local.";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (!profiles.contains("dev") && !profiles.contains("local")) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(LocalComponents.startOnce(localConfig(context), key -> {
            ConfigValue value = context.getValue(key);
            return value == null ? null : value.getValue();
        }), "sitewatch-local-components", ORDINAL));
    }

    /**
     * {@link LocalConfig} as the app will see it, read before the app's configuration exists; a misspelt
     * {@code sitewatch.local.*} key fails here, before any component starts.
     */
    static LocalConfig localConfig(ConfigSourceContext context) {
        return new SmallRyeConfigBuilder()
                .withSources(new ContextConfigSource(context, PREFIX))
                .withConverter(Duration.class, 200, new DurationConverter()) // "500ms", as Quarkus reads durations
                .withMapping(LocalConfig.class)
                .build()
                .getConfigMapping(LocalConfig.class);
    }
}
