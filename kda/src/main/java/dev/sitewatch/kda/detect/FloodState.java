package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.Alarm;

/**
 * A flood in progress for one key. Absent when there is no flood.
 *
 * <p>The best candidate since the last alarm is kept as count and time, and built into an {@link Alarm} (top lists,
 * id) only when it must be: when it is emitted, or when the window is about to change without a new candidate
 * replacing it. In a long flood the candidate is replaced at almost every order, and building an alarm each time
 * would cost more than all the counting.
 *
 * @param lastAlarmAt event time at which the last alarm of this flood was emitted
 * @param belowSince  event time since which the count has been under the threshold, or {@link #NOT_BELOW}
 * @param bestCount   the highest count since the last alarm, 0 when there is none yet
 * @param bestAt      the latest event time at which {@code bestCount} was reached
 * @param best        the alarm for {@code bestCount}, once built; null before
 */
public record FloodState(long lastAlarmAt, long belowSince, int bestCount, long bestAt, Alarm best) {

    public static final long NOT_BELOW = Long.MIN_VALUE;

    static FloodState alarmedAt(long time) {
        return new FloodState(time, NOT_BELOW, 0, 0, null);
    }

    FloodState withBelowSince(long time) {
        return new FloodState(lastAlarmAt, time, bestCount, bestAt, best);
    }

    FloodState notBelow() {
        return new FloodState(lastAlarmAt, NOT_BELOW, bestCount, bestAt, best);
    }

    FloodState withCandidate(int count, long time) {
        return new FloodState(lastAlarmAt, NOT_BELOW, count, time, null);
    }

    FloodState withBest(Alarm alarm) {
        return new FloodState(lastAlarmAt, belowSince, bestCount, bestAt, alarm);
    }

    boolean isBelow() {
        return belowSince != NOT_BELOW;
    }

    boolean hasCandidate() {
        return bestCount > 0;
    }
}
