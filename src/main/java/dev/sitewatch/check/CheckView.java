package dev.sitewatch.check;

import java.time.Instant;
import java.util.Map;

/**
 * A check as the API shows it: its definition and what the prober knows of it now.
 *
 * @param expectedStatus {@code "200"} or a range {@code "200-299"}
 */
public record CheckView(String id, String name, String url, String method, Map<String, String> headers, String body,
                        String expectedStatus, String expectedBody, int timeoutMs, int slowMs, int intervalSeconds,
                        int certExpiryDays, int failuresBeforeDown, int slowRounds, boolean enabled,
                        Instant createdAt, Instant updatedAt, Status status) {

    /**
     * @param state       {@code UP}, {@code DOWN}, or {@code UNKNOWN} before the first round
     * @param failures    consecutive failed rounds so far (short of {@code failuresBeforeDown} the check is still UP)
     * @param downSince   the first failed round of the open SITE_DOWN episode
     * @param slow        whether a SITE_SLOW episode is open
     * @param certExpiring whether a CERT_EXPIRING episode is open
     */
    public record Status(String state, Instant lastRound, Instant lastUpAt, int failures, Instant downSince,
                         String reason, String detail, boolean slow, boolean certExpiring, Instant certNotAfter) {
    }

    static CheckView of(StoredCheck stored) {
        Check c = stored.check();
        CheckState s = stored.state();
        Status status = new Status(s.status(), s.round(), s.lastOkAt(), s.failures(),
                s.down() == null ? null : s.down().startedAt(),
                s.failures() > 0 || s.down() != null ? s.reason() : null,
                s.failures() > 0 || s.down() != null ? s.detail() : null,
                s.slow() != null, s.cert() != null, s.certNotAfter());
        return new CheckView(c.id(), c.name(), c.url(), c.method(), c.headers(), c.body(), c.expectedStatus().toString(),
                c.expectedBody(), c.timeoutMs(), c.slowMs(), c.intervalSeconds(), c.certExpiryDays(),
                c.failuresBeforeDown(), c.slowRounds(), c.enabled(), c.createdAt(), c.updatedAt(), status);
    }
}
