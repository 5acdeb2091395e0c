package dev.sitewatch.alarm;

/**
 * What became of one publish, and whether trying again could help (alertmanager's {@code retry} flag): a retryable
 * failure goes back to Lambda in {@code batchItemFailures}; a permanent one is recorded and not retried.
 */
sealed interface Delivery {

    record Sent(String messageId) implements Delivery {
    }

    record Failed(String reason, boolean retryable) implements Delivery {
    }
}
