package dev.sitewatch.dashboard;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The dashboard's settings ({@code sitewatch.dashboard.*}); a bad value stops the application at start. */
@ConfigMapping(prefix = "sitewatch.dashboard")
public interface DashboardConfig {

    /** The order-archiver's per-minute counters ({@code sitewatch.orders.rate.table} on the archiver's side). */
    @WithDefault("SitewatchOrderRate")
    @NotBlank
    String orderRateTable();

    /** How far back the order-rate chart goes; at most 96 hours (one {@code BatchGetItem} of up to 100 hour items). */
    @WithDefault("6h")
    Duration orderRateRange();

    /** The flood detector's site-wide threshold (orders per window; template.yaml passes OrderThreshold to both). */
    @WithDefault("30")
    @Min(1)
    int orderThreshold();

    /** The flood detector's window (template.yaml: WindowSeconds). */
    @WithDefault("15")
    @Min(1)
    @Max(3600)
    int windowSeconds();

    /** How often the live stream looks for new alarms and changed floods in the history. */
    @WithDefault("500ms")
    Duration livePollInterval();

    /** A comment on the live stream this often keeps proxies and load balancers from closing an idle one. */
    @WithDefault("15s")
    Duration liveHeartbeat();

    /**
     * Prod behind the load balancer's OIDC login only: the request header that carries the signed-in user's access
     * token ({@code x-amzn-oidc-accesstoken}), used as the bearer token of requests that have none ({@link PageFilters}).
     */
    Optional<String> accessTokenHeader();
}
