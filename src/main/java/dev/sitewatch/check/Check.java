package dev.sitewatch.check;

import java.time.Instant;
import java.util.Map;

/**
 * One site check as people define it through {@code /checks}: what to ask, what answer counts as up, when it is slow,
 * how often, and how long before a certificate's end to warn.
 *
 * @param headers            extra request headers, in the order given
 * @param body               request body (not for GET or HEAD); null for none
 * @param expectedBody       a substring the response body must contain; null for any body
 * @param certExpiryDays     HTTPS only: alarm when the certificate ends within this many days; 0 = never
 * @param failuresBeforeDown consecutive failed rounds (each after its second opinion) before the check is DOWN
 * @param slowRounds         the p95 of the last this many rounds is compared with {@code slowMs}
 */
public record Check(String id, String name, String url, String method, Map<String, String> headers, String body,
                    StatusRange expectedStatus, String expectedBody, int timeoutMs, int slowMs, int intervalSeconds,
                    int certExpiryDays, int failuresBeforeDown, int slowRounds, boolean enabled, Instant createdAt,
                    Instant updatedAt) {

    public Check {
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    public boolean https() {
        return url.regionMatches(true, 0, "https:", 0, 6);
    }

    /** The same definition under another id and times (a new check, or a replaced one). */
    Check with(String newId, Instant created, Instant updated) {
        return new Check(newId, name, url, method, headers, body, expectedStatus, expectedBody, timeoutMs, slowMs,
                intervalSeconds, certExpiryDays, failuresBeforeDown, slowRounds, enabled, created, updated);
    }

    /** Statuses that count as up, both ends included: {@code 200}, or {@code 200-299}. */
    public record StatusRange(int min, int max) {

        public boolean contains(int status) {
            return status >= min && status <= max;
        }

        @Override
        public String toString() {
            return min == max ? Integer.toString(min) : min + "-" + max;
        }
    }
}
