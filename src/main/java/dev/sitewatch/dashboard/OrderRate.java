package dev.sitewatch.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sitewatch.order.OrderRateTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Orders per minute over the last hours, read from the order-archiver's counters ({@link OrderRateTable}): one
 * {@code BatchGetItem} of an item per hour (seven for six hours), every minute of the range in the answer, zero
 * where no order arrived.
 */
@ApplicationScoped
class OrderRate {

    @Inject
    DynamoDbClient dynamo;

    @Inject
    DashboardConfig config;

    private static final int MAX_ATTEMPTS = 4;

    Clock clock = Clock.systemUTC();

    /** One minute of the chart. */
    record Minute(Instant start, long orders) {
    }

    /**
     * The answer of {@code GET /dashboard/order-rate}.
     *
     * @param from           the first minute, inclusive
     * @param to             the end of the current minute (it is still filling)
     * @param thresholdPerMinute the detector's threshold as a steady rate: {@code threshold × 60 / windowSeconds}
     */
    record Series(Instant from, Instant to, int threshold, int windowSeconds, double thresholdPerMinute,
                  List<Minute> minutes) {
    }

    Series lastHours() {
        Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        if (config.orderRateRange().compareTo(Duration.ofHours(96)) > 0 || config.orderRateRange().isNegative()) {
            throw new IllegalStateException("sitewatch.dashboard.order-rate-range must be at most 96 hours");
        }
        Instant from = to.minus(config.orderRateRange());
        Map<String, Map<String, AttributeValue>> items = hours(from, to);
        List<Minute> minutes = new ArrayList<>();
        for (Instant minute = from; minute.isBefore(to); minute = minute.plus(Duration.ofMinutes(1))) {
            Map<String, AttributeValue> item = items.getOrDefault(OrderRateTable.hourKey(minute), Map.of());
            AttributeValue count = item.get(OrderRateTable.minuteAttribute(minute));
            minutes.add(new Minute(minute, count == null ? 0 : Long.parseLong(count.n())));
        }
        return new Series(from, to, config.orderThreshold(), config.windowSeconds(),
                config.orderThreshold() * 60.0 / config.windowSeconds(), minutes);
    }

    /** The hour items of {@code [from, to)}, by key; hours without orders have none. */
    private Map<String, Map<String, AttributeValue>> hours(Instant from, Instant to) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Instant hour = OrderRateTable.hourOf(from); hour.isBefore(to); hour = hour.plus(Duration.ofHours(1))) {
            keys.add(Map.of(OrderRateTable.PARTITION_KEY, AttributeValue.fromS(OrderRateTable.hourKey(hour))));
        }
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        // BatchGetItem takes 100 keys; a range of up to 99 hours fits in one request (plus retries of UnprocessedKeys)
        Map<String, KeysAndAttributes> request = Map.of(config.orderRateTable(),
                KeysAndAttributes.builder().keys(keys).build());
        for (int attempt = 1; !request.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new IllegalStateException("DynamoDB left keys of " + config.orderRateTable() + " unprocessed "
                        + MAX_ATTEMPTS + " times");
            }
            if (attempt > 1) {
                pause(50L << attempt); // throttled: 200, 400, 800 ms
            }
            Map<String, KeysAndAttributes> ask = request;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
            response.responses().getOrDefault(config.orderRateTable(), List.of())
                    .forEach(item -> items.put(item.get(OrderRateTable.PARTITION_KEY).s(), item));
            request = response.unprocessedKeys();
        }
        return items;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
