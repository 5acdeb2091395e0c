package dev.sitewatch.check;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One round of a check as the API shows it: {@code round} is the scheduled time of the round, {@code at} when the
 * probe that counts began; the timings are milliseconds (null where a phase did not happen).
 *
 * @param firstAttempt the failure a second opinion was asked about (null when the first probe was up)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultView(Instant round, Instant at, boolean up, String reason, String detail, int status, int attempts,
                         Attempt firstAttempt, Timings timings, Instant certNotAfter) {

    public record Attempt(String reason, String detail) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Timings(Integer dnsMs, Integer connectMs, Integer tlsMs, Integer ttfbMs, int totalMs) {
    }
}
