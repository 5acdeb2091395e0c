package dev.sitewatch.bench;

import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts what a DynamoDB client really sends: API calls (one per {@code batchWriteItem(...)} the code makes) and
 * HTTP attempts (a call the SDK retries is one call, several attempts), and among the calls the {@code UpdateItem}s (the
 * order-rate counters). Read before and after a piece of work.
 */
final class RequestCounter implements ExecutionInterceptor {

    private final LongAdder calls = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder updates = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.increment();
        if (context.request() instanceof UpdateItemRequest) {
            updates.increment();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.increment();
    }

    Snapshot snapshot() {
        return new Snapshot(calls.sum(), attempts.sum(), updates.sum());
    }

    record Snapshot(long calls, long attempts, long updates) {
        Snapshot minus(Snapshot before) {
            return new Snapshot(calls - before.calls, attempts - before.attempts, updates - before.updates);
        }

        Snapshot plus(Snapshot other) {
            return new Snapshot(calls + other.calls, attempts + other.attempts, updates + other.updates);
        }
    }
}
