package dev.sitewatch.api;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the REST API ({@code sitewatch.api.*}). */
@ConfigMapping(prefix = "sitewatch.api")
public interface ApiConfig {

    /** Items per page of {@code GET /alarms} when {@code limit} is not given. */
    @WithDefault("50")
    @Min(1)
    int defaultPageSize();

    /** The most items a page may have; a larger {@code limit} is a 400. */
    @WithDefault("500")
    @Min(1)
    @Max(10_000)
    int maxPageSize();

    /** The widest {@code from}–{@code to} range of aggregates and summary (hour, day and month buckets). */
    @WithDefault("P400D")
    Duration maxRange();

    /** The widest range for minute buckets (a day is 1,440 of them). */
    @WithDefault("P7D")
    Duration maxMinuteRange();

    /** Range used when {@code from} is not given: this long before {@code to}. */
    @WithDefault("P30D")
    Duration defaultRange();
}
