package dev.sitewatch.order;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts items with {@code BatchWriteItem}, 25 to a request (DynamoDB's limit), and resends what DynamoDB hands back
 * as {@code UnprocessedItems} after the SDK's exponential back-off with full jitter. Errors of a whole request
 * (throttling, 5xx) are already retried by the SDK client itself; what still fails is reported, never thrown away.
 */
final class BatchWriter {

    static final int MAX_ITEMS_PER_REQUEST = 25;
    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private final DynamoDbClient dynamo;
    private final int maxAttempts;
    private final BackoffStrategy backoff;

    BatchWriter(DynamoDbClient dynamo, int maxAttempts, BackoffStrategy backoff) {
        this.dynamo = dynamo;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** An item to put, and the caller's handle on it (reported back if the put failed for good). */
    record Put<T>(Map<String, AttributeValue> item, T owner) {
    }

    /**
     * Writes all puts to {@code table} and returns the owners of those that could not be written. DynamoDB rejects
     * a request that puts one key twice, so callers pass each key once.
     */
    <T> List<T> write(String table, List<String> keyAttributes, List<Put<T>> puts) {
        List<T> failed = new ArrayList<>();
        for (int from = 0; from < puts.size(); from += MAX_ITEMS_PER_REQUEST) {
            failed.addAll(writeChunk(table, keyAttributes,
                    puts.subList(from, Math.min(puts.size(), from + MAX_ITEMS_PER_REQUEST))));
        }
        return failed;
    }

    private <T> List<T> writeChunk(String table, List<String> keyAttributes, List<Put<T>> chunk) {
        Map<List<AttributeValue>, Put<T>> pending = new LinkedHashMap<>();
        chunk.forEach(put -> pending.put(key(put.item(), keyAttributes), put));
        for (int attempt = 1; ; attempt++) {
            BatchWriteItemResponse response;
            try {
                response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, requests(pending.values()))));
            } catch (SdkException e) {
                LOG.warnf("BatchWriteItem of %d items to %s failed: %s", pending.size(), table, e.getMessage());
                return owners(pending);
            }
            // hasUnprocessedItems() is true even for an empty map: look at the contents.
            List<List<AttributeValue>> unprocessed = response.unprocessedItems().getOrDefault(table, List.of()).stream()
                    .map(request -> key(request.putRequest().item(), keyAttributes))
                    .toList();
            pending.keySet().retainAll(unprocessed);
            if (pending.isEmpty()) {
                break;
            }
            if (attempt >= maxAttempts) {
                LOG.warnf("%d items for %s still unprocessed after %d attempts", pending.size(), table, attempt);
                return owners(pending);
            }
            sleep(backoff.computeDelay(attempt).toMillis());
        }
        return List.of();
    }

    private static <T> List<WriteRequest> requests(Collection<Put<T>> puts) {
        return puts.stream()
                .map(put -> WriteRequest.builder().putRequest(PutRequest.builder().item(put.item()).build()).build())
                .toList();
    }

    private static List<AttributeValue> key(Map<String, AttributeValue> item, List<String> keyAttributes) {
        return keyAttributes.stream().map(item::get).toList();
    }

    private static <T> List<T> owners(Map<List<AttributeValue>, Put<T>> pending) {
        return pending.values().stream().map(Put::owner).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", e);
        }
    }
}
