package dev.sitewatch.kda.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A flood alarm, as the alarm-notifier reads it from {@code website-alarms}.
 *
 * <p>The window is {@code (windowStart, windowEnd]}: an order that arrived exactly {@code windowSeconds} before
 * {@code windowEnd} has already left it, one that arrived at {@code windowEnd} is in it. {@code windowEnd} is the
 * arrival time of the order at which {@code orderCount} was reached: when the flood was detected. {@code raisedAt} is
 * the event time at which the detector raised the alarm: its {@code windowEnd} for a flood's first alarm, the throttle
 * slot for a repeat, which reports the highest count since the previous alarm, reached up to a throttle interval
 * earlier. Two repeats 60 s apart may so carry peaks 25 s apart. Times are epoch milliseconds here and ISO-8601 UTC on
 * the wire. {@code key} is null for {@link AlarmType#ORDER_FLOOD}.
 *
 * <p>{@code floodId} names the flood the alarm belongs to: the {@code alarmId} of the flood's first alarm, so the
 * first alarm's {@code floodId} is its own id, and its repeats and the flood's resolved notice carry the same.
 *
 * <p>The top lists are arrays, not lists, so that Flink serializes this type as a POJO without Kryo.
 */
public record Alarm(String alarmId, String floodId, AlarmType type, String key, long windowStart, long windowEnd,
                    long raisedAt, int windowSeconds, int orderCount, int threshold, Contributor[] topCustomers,
                    Contributor[] topCountries, Contributor[] topStockCodes) {

    @Override
    public boolean equals(Object o) {
        return o instanceof Alarm other
                && alarmId.equals(other.alarmId) && Objects.equals(floodId, other.floodId)
                && type == other.type && Objects.equals(key, other.key)
                && windowStart == other.windowStart && windowEnd == other.windowEnd && raisedAt == other.raisedAt
                && windowSeconds == other.windowSeconds && orderCount == other.orderCount
                && threshold == other.threshold
                && Arrays.equals(topCustomers, other.topCustomers)
                && Arrays.equals(topCountries, other.topCountries)
                && Arrays.equals(topStockCodes, other.topStockCodes);
    }

    /** This alarm as raised at {@code time}. */
    public Alarm raised(long time) {
        return new Alarm(alarmId, floodId, type, key, windowStart, windowEnd, time, windowSeconds, orderCount, threshold,
                topCustomers, topCountries, topStockCodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alarmId, orderCount, windowEnd);
    }

    @Override
    public String toString() {
        return "Alarm[" + alarmId + ", flood " + floodId + ", " + type + (key == null ? "" : " " + key)
                + ", windowEnd=" + windowEnd + ", raisedAt=" + raisedAt + ", orderCount=" + orderCount + ", threshold=" + threshold
                + ", topCustomers=" + Arrays.toString(topCustomers)
                + ", topCountries=" + Arrays.toString(topCountries)
                + ", topStockCodes=" + Arrays.toString(topStockCodes) + "]";
    }
}
