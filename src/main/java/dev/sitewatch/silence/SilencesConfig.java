package dev.sitewatch.silence;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Silences: where they are kept and what a new one may be ({@code sitewatch.silences.*}). */
@ConfigMapping(prefix = "sitewatch.silences")
public interface SilencesConfig {

    /** DynamoDB table of the silences: one item per silence (partition key {@code SilenceId}, TTL on {@code ExpiresAt}). */
    @WithDefault("SitewatchSilences")
    String table();

    /** How long the notifier uses its list of silences before it reads the table again. */
    @WithDefault("5s")
    Duration cacheTtl();

    /**
     * The longest the notifier waits for that read, retries included; when it runs out the notifier goes on with the
     * list it had, so an alarm is never held up by the silence table.
     */
    @WithDefault("1s")
    Duration readTimeout();

    /** The latest a new silence may end, counted from now: a forgotten silence must not mute alarms for months. */
    @WithDefault("30d")
    Duration maxDuration();

    /** A silence's item stays this long after it ended (DynamoDB TTL), so recent silences can still be looked up. */
    @WithDefault("30d")
    Duration retention();

    /**
     * The alarm types a silence may name (the flood detector's and the site prober's; a site check's key is its id);
     * a misspelt type would silence nothing.
     */
    @WithDefault("ORDER_FLOOD,CUSTOMER_FLOOD,SITE_DOWN,SITE_SLOW,CERT_EXPIRING")
    List<String> knownTypes();
}
