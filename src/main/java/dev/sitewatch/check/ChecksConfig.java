package dev.sitewatch.check;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Site checks: where definitions, state and results live, and how the site-prober probes ({@code sitewatch.checks.*}). */
@ConfigMapping(prefix = "sitewatch.checks")
public interface ChecksConfig {

    /** DynamoDB table of the check definitions and the prober's state per check (partition key {@code CheckId}). */
    @WithDefault("SitewatchChecks")
    String table();

    /**
     * DynamoDB table of probe results (partition key {@code CheckId}, sort key {@code RoundAt}, epoch ms); items
     * expire by TTL on {@code ExpiresAt} on AWS.
     */
    @WithDefault("SitewatchCheckResults")
    String resultsTable();

    /** How long a result is kept (its {@code ExpiresAt}). */
    @WithDefault("90d")
    Duration resultRetention();

    /**
     * The interval of a check that names none: the schedule's period on AWS (1 min). A check is probed on the first
     * round at least its interval after its last one, so intervals are rounded up to the schedule's period.
     */
    @WithDefault("60s")
    Duration defaultInterval();

    /** Pause before the second opinion: a failed probe is tried once more, on a new connection, before it counts. */
    @WithDefault("2s")
    Duration secondOpinionDelay();

    /** Checks probed at once in a round (threads of the prober's pool). */
    @WithDefault("32")
    @Min(1)
    @Max(512)
    int poolSize();

    /** At most this much of a response body is read (and searched for {@code expectedBody}). */
    @WithDefault("1048576")
    @Min(1024)
    int maxBodyBytes();

    /**
     * A PEM file of further CA certificates the prober trusts besides the JVM's: a company CA. The local run points
     * it at the CA it makes for its stand-in shop. Never a way to trust everything.
     */
    Optional<String> extraCaFile();

    /** Paging of {@code GET /checks/{id}/results}. */
    @WithDefault("100")
    @Min(1)
    int defaultPageSize();

    @WithDefault("1000")
    @Min(1)
    int maxPageSize();
}
