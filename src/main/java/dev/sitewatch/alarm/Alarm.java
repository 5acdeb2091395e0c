package dev.sitewatch.alarm;

import java.time.Instant;
import java.util.List;

/**
 * An alarm from the flood detector (stream {@code website-alarms}); the contract is in ARCHITECTURE.md.
 *
 * @param alarmId     stable: the detector gives a replayed alarm the same id, which makes redelivery harmless
 * @param floodId     the alarm id of the flood's first alarm (its own for the first); null from older detectors
 * @param key         the customer for per-key types such as {@code CUSTOMER_FLOOD}, otherwise {@code null}
 * @param windowEnd   when the count reached {@code orderCount}: when the flood was detected (event time, UTC)
 * @param raisedAt    when the detector raised the alarm (event time, UTC): {@code windowEnd} for a flood's first alarm,
 *                    the throttle slot for a repeat, which carries the highest count since the previous alarm; null
 *                    from older detectors
 * @param site        for a site check's alarm ({@code SITE_DOWN}, {@code SITE_SLOW}, {@code CERT_EXPIRING}): the
 *                    check and the reason; null for floods. Site alarms count no orders ({@code orderCount} 0)
 */
public record Alarm(String alarmId, String floodId, String type, String key, Instant windowStart, Instant windowEnd,
                    Instant raisedAt, int windowSeconds, int orderCount, int threshold,
                    List<Contributor> topCustomers, List<Contributor> topCountries, List<Contributor> topStockCodes,
                    SiteCheck site)
        implements AlarmEvent {

    public Alarm {
        topCustomers = List.copyOf(topCustomers);
        topCountries = List.copyOf(topCountries);
        topStockCodes = List.copyOf(topStockCodes);
    }

    /** A later alarm of a flood that is already known: a throttled repeat, reporting the peak since the last one. */
    public boolean isRepeat() {
        return floodId != null && !floodId.equals(alarmId);
    }

    /** One of the busiest customers, countries or stock codes of the window. */
    public record Contributor(String key, long count) {
    }
}
