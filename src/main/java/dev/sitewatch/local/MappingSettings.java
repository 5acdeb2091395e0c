package dev.sitewatch.local;

import java.time.Duration;
import java.time.Instant;

/**
 * One local event-source mapping's settings, named as on AWS (template.yaml).
 *
 * @param maxRetryAttempts   retries of a failing batch; -1 retries until its oldest record is {@code maxRecordAge} old
 * @param maxRecordAge       records older than this are not retried any more; null for no limit
 */
record MappingSettings(int batchSize, Duration batchingWindow, int maxRetryAttempts, Duration maxRecordAge,
                       Duration pollInterval) {

    /** Whether a batch that failed {@code attempt + 1} times goes to the on-failure destination now. */
    boolean retriesExhausted(int attempt, Instant oldestArrival, Instant now) {
        boolean tooOld = maxRecordAge != null && oldestArrival != null
                && oldestArrival.isBefore(now.minus(maxRecordAge));
        return tooOld || (maxRetryAttempts >= 0 && attempt >= maxRetryAttempts);
    }
}
