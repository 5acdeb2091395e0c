package dev.sitewatch.order;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.BatchOutcome;
import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.kinesis.QuarantinedRecord;
import dev.sitewatch.kinesis.StreamRecord;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stores every order line of a batch in DynamoDB and quarantines what is not an order line. Records may arrive
 * twice (Lambda delivers at least once): keys are derived from the line itself, so a second delivery overwrites the
 * first. A record is reported as failed only if its write (or its order's count, {@link OrderRateCounter}) failed; a bad
 * record is quarantined, never retried forever.
 */
@ApplicationScoped
public class OrderArchive {

    static final String HANDLER = "order-archiver";
    private static final Logger LOG = Logger.getLogger(OrderArchive.class);

    private final OrdersConfig config;
    private final OrderLineParser parser;
    private final BatchWriter writer;
    private final OrderRateCounter rate;
    private final Clock clock;

    @Inject
    public OrderArchive(OrdersConfig config, DynamoDbClient dynamo, ObjectMapper mapper) {
        this(config, dynamo, mapper, Clock.systemUTC());
    }

    OrderArchive(OrdersConfig config, DynamoDbClient dynamo, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.parser = new OrderLineParser(mapper, config.invoiceDateZone(), config.maxLineBytes());
        this.writer = new BatchWriter(dynamo, config.write().maxAttempts(),
                BackoffStrategy.exponentialDelay(config.write().baseDelay(), config.write().maxDelay()));
        this.rate = new OrderRateCounter(dynamo, config.rate().table(), config.rate().retention());
        this.clock = clock;
    }

    public BatchOutcome archive(List<StreamRecord> records) {
        BatchOutcome.Builder outcome = new BatchOutcome.Builder();
        // One put per key: the same line twice in a batch (the agent resent it) is one item, written for both records.
        Map<List<String>, BatchWriter.Put<List<StreamRecord>>> orders = new LinkedHashMap<>();
        List<BatchWriter.Put<StreamRecord>> quarantine = new ArrayList<>();
        List<OrderRateCounter.Seen> seen = new ArrayList<>(records.size());
        for (StreamRecord record : records) {
            Decoded<OrderLine> decoded = parser.parse(record.data());
            seen.add(new OrderRateCounter.Seen(record, decoded instanceof Decoded.Ok<OrderLine> ok
                    && (config.rate().countCancellations() || !ok.value().cancelled())));
            if (decoded instanceof Decoded.Ok<OrderLine> ok) {
                OrderLine line = ok.value();
                orders.computeIfAbsent(List.of(OrderItem.customerKey(line), OrderItem.orderKey(line)),
                                key -> new BatchWriter.Put<>(OrderItem.of(line, record), new ArrayList<>()))
                        .owner().add(record);
            } else if (decoded instanceof Decoded.Rejected<OrderLine> rejected) {
                LOG.warnf("Quarantining record %s of %s: %s", record.eventId(), record.stream(), rejected.reason());
                quarantine.add(new BatchWriter.Put<>(QuarantineTable.item(
                        new QuarantinedRecord(record, rejected.reason(), HANDLER, clock.instant())), record));
            }
        }

        List<List<StreamRecord>> failedOrders = writer.write(config.table(),
                List.of(OrderItem.PARTITION_KEY, OrderItem.SORT_KEY), List.copyOf(orders.values()));
        List<StreamRecord> failedQuarantine = writer.write(config.quarantineTable(), QuarantineTable.KEY, quarantine);
        List<StreamRecord> failedCounts = rate.count(seen);

        orders.values().forEach(put -> put.owner().forEach(outcome::done));
        quarantine.forEach(put -> outcome.quarantined(put.owner()));
        failedOrders.forEach(owners -> owners.forEach(outcome::failed));
        failedQuarantine.forEach(outcome::failed);
        failedCounts.forEach(outcome::failed);
        BatchOutcome result = outcome.build();
        // every batch at DEBUG; at INFO only batches that had something go wrong
        LOG.logf(result.done() == records.size() ? Logger.Level.DEBUG : Logger.Level.INFO,
                "Archived %d order lines, quarantined %d, failed %d of %d records",
                result.done(), result.quarantined(), result.failedSequenceNumbers().size(), records.size());
        return result;
    }
}
