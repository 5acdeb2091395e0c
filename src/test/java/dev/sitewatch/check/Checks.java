package dev.sitewatch.check;

import java.time.Instant;
import java.util.Map;

/** Check definitions for tests. */
final class Checks {

    private Checks() {
    }

    static Check get(String id, String url) {
        return new Check(id, "Shop " + id, url, "GET", Map.of(), null, new Check.StatusRange(200, 299), null, 2_000,
                1_000, 60, url.startsWith("https") ? 14 : 0, 2, 5, true, Instant.EPOCH, Instant.EPOCH);
    }

    static Check withTimeout(Check c, int timeoutMs) {
        return new Check(c.id(), c.name(), c.url(), c.method(), c.headers(), c.body(), c.expectedStatus(),
                c.expectedBody(), timeoutMs, Math.min(c.slowMs(), timeoutMs), c.intervalSeconds(), c.certExpiryDays(),
                c.failuresBeforeDown(), c.slowRounds(), c.enabled(), c.createdAt(), c.updatedAt());
    }

    static Check expecting(Check c, String body) {
        return new Check(c.id(), c.name(), c.url(), c.method(), c.headers(), c.body(), c.expectedStatus(), body,
                c.timeoutMs(), c.slowMs(), c.intervalSeconds(), c.certExpiryDays(), c.failuresBeforeDown(),
                c.slowRounds(), c.enabled(), c.createdAt(), c.updatedAt());
    }
}
