package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.Alarm;

/**
 * A flood in progress for one key. Absent when there is no flood.
 *
 * @param lastAlarmAt event time at which the last alarm of this flood was emitted
 * @param belowSince  event time since which the count has been under the threshold, or {@link #NOT_BELOW}
 * @param pending     the alarm for the highest count since the last alarm, waiting for the throttle; may be null
 */
public record FloodState(long lastAlarmAt, long belowSince, Alarm pending) {

    public static final long NOT_BELOW = Long.MIN_VALUE;

    FloodState withBelowSince(long time) {
        return new FloodState(lastAlarmAt, time, pending);
    }

    FloodState withPending(Alarm alarm) {
        return new FloodState(lastAlarmAt, NOT_BELOW, alarm);
    }

    boolean isBelow() {
        return belowSince != NOT_BELOW;
    }
}
