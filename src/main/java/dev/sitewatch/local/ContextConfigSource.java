package dev.sitewatch.local;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/**
 * The configuration a {@link io.smallrye.config.ConfigSourceFactory} sees (properties files, system properties,
 * environment, active profiles), as a source for a {@link io.smallrye.config.SmallRyeConfig} of its own: so that the
 * components read {@link LocalConfig} with its defaults and checks before the app's own configuration exists.
 */
final class ContextConfigSource implements ConfigSource {

    private final ConfigSourceContext context;
    private final String prefix;

    /** Lists the names under {@code prefix} (so unknown ones are reported) and answers any name. */
    ContextConfigSource(ConfigSourceContext context, String prefix) {
        this.context = context;
        this.prefix = prefix;
    }

    @Override
    public Set<String> getPropertyNames() {
        List<String> profiles = context.getProfiles();
        Set<String> names = new TreeSet<>();
        for (Iterator<String> all = context.iterateNames(); all.hasNext(); ) {
            String name = withoutActiveProfile(all.next(), profiles);
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public String getValue(String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    @Override
    public String getName() {
        return "the application's configuration";
    }

    /** {@code %dev.a.b} → {@code a.b} when {@code dev} is active; a name of an inactive profile is left as it is. */
    private static String withoutActiveProfile(String name, List<String> profiles) {
        if (name.startsWith("%")) {
            int dot = name.indexOf('.');
            if (dot > 1 && profiles.contains(name.substring(1, dot))) {
                return name.substring(dot + 1);
            }
        }
        return name;
    }
}
