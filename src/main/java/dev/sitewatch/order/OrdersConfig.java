package dev.sitewatch.order;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The order-archiver's settings ({@code sitewatch.orders.*}); a bad value stops the application at start. */
@ConfigMapping(prefix = "sitewatch.orders")
public interface OrdersConfig {

    /** DynamoDB table with every order line (partition key {@code CustomerID}, sort key {@code OrderID}). */
    @WithDefault("WebsiteOrders")
    @NotBlank
    String table();

    /** DynamoDB table for records that are not order lines (partition key {@code Source}, sort key {@code EventId}). */
    @WithDefault("SitewatchQuarantine")
    @NotBlank
    String quarantineTable();

    /** The zone the shop writes {@code InvoiceDate} in; stored dates are converted to UTC. */
    @WithDefault("UTC")
    ZoneId invoiceDateZone();

    /** Records longer than this are quarantined: an order line is well under 1 KB, a DynamoDB item at most 400 KB. */
    @WithDefault("65536")
    @Min(1024)
    @Max(180_000)
    int maxLineBytes();

    /** Resending of {@code UnprocessedItems}. */
    Write write();

    /** The per-minute order counters the dashboard draws ({@link OrderRateTable}). */
    Rate rate();

    interface Write {

        /** BatchWriteItem attempts per chunk of 25 before its records are reported as failed (Lambda retries them). */
        @WithDefault("8")
        @Min(1)
        @Max(20)
        int maxAttempts();

        /** First back-off before resending unprocessed items; doubles each attempt, with full jitter. */
        @WithDefault("50ms")
        Duration baseDelay();

        /** Longest back-off between two attempts. */
        @WithDefault("2s")
        Duration maxDelay();
    }

    interface Rate {

        /** DynamoDB table of the counters (partition key {@code Hour}; TTL on {@code ExpiresAt} on AWS). */
        @WithDefault("SitewatchOrderRate")
        @NotBlank
        String table();

        /** How long an hour's counters are kept after the hour (DynamoDB's TTL removes them). */
        @WithDefault("7d")
        Duration retention();

        /** Count cancellations as orders; the flood detector's default leaves them out, and so does this. */
        @WithDefault("false")
        boolean countCancellations();
    }
}
