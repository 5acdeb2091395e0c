package dev.sitewatch.alarm;

import java.time.Instant;
import java.util.List;

/**
 * An alarm from the flood detector (stream {@code website-alarms}); the contract is in ARCHITECTURE.md.
 *
 * @param alarmId     stable: the detector gives a replayed alarm the same id, which makes redelivery harmless
 * @param floodId     the alarm id of the flood's first alarm (its own for the first); null from older detectors
 * @param key         the customer for per-key types such as {@code CUSTOMER_FLOOD}, otherwise {@code null}
 * @param windowEnd   when the count reached {@code orderCount} (event time, UTC)
 */
public record Alarm(String alarmId, String floodId, String type, String key, Instant windowStart, Instant windowEnd,
                    int windowSeconds, int orderCount, int threshold,
                    List<Contributor> topCustomers, List<Contributor> topCountries, List<Contributor> topStockCodes)
        implements AlarmEvent {

    public Alarm {
        topCustomers = List.copyOf(topCustomers);
        topCountries = List.copyOf(topCountries);
        topStockCodes = List.copyOf(topStockCodes);
    }

    /** One of the busiest customers, countries or stock codes of the window. */
    public record Contributor(String key, long count) {
    }
}
