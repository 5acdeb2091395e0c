package dev.sitewatch.check;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One probe of a check: whether the answer counted as up, why not, and how long each phase took (milliseconds,
 * null where the phase did not happen: no DNS for an IP address, no TLS over http, no first byte after a refused
 * connection).
 *
 * @param reason    null when up; else {@code TIMEOUT}, {@code CONNECTION_REFUSED}, {@code DNS}, {@code TLS},
 *                  {@code CONNECTION}, {@code STATUS}, {@code BODY}
 * @param detail    one ASCII line for people: {@code HTTP 500, expected 200-299}
 * @param status    the HTTP status, 0 when there was no answer
 * @param dnsMs     name lookup
 * @param connectMs TCP connect
 * @param tlsMs     TLS handshake
 * @param ttfbMs    from the start of the call to the first byte of the answer (DNS, connect and TLS included)
 * @param totalMs   from the start of the call to the last byte read (or the failure)
 * @param certNotAfter the end of the server certificate's validity (HTTPS), null otherwise
 */
@RegisterForReflection
public record ProbeResult(Instant at, boolean up, String reason, String detail, int status, Integer dnsMs,
                          Integer connectMs, Integer tlsMs, Integer ttfbMs, int totalMs, Instant certNotAfter) {

    public static final String TIMEOUT = "TIMEOUT";
    public static final String CONNECTION_REFUSED = "CONNECTION_REFUSED";
    public static final String DNS = "DNS";
    public static final String TLS = "TLS";
    public static final String CONNECTION = "CONNECTION";
    public static final String STATUS = "STATUS";
    public static final String BODY = "BODY";
}
