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
 * <p>The rest describes the whole flood, for its {@link dev.sitewatch.kda.model.FloodEnd}. State written before
 * those fields existed restores them as null and 0.
 *
 * @param lastAlarmAt  event time at which the last alarm of this flood was emitted
 * @param belowSince   event time since which the count has been under the threshold, or {@link #NOT_BELOW}
 * @param bestCount    the highest count since the last alarm, 0 when there is none yet
 * @param bestAt       the latest event time at which {@code bestCount} was reached
 * @param best         the alarm for {@code bestCount}, once built; null before
 * @param firstAlarmId the id of the flood's first alarm
 * @param startedAt    the first alarm's {@code windowEnd}
 * @param peakCount    the highest count of the whole flood
 * @param peakAt       the latest event time at which {@code peakCount} was reached
 * @param alarms       alarms emitted in this flood so far, the first included
 */
public record FloodState(long lastAlarmAt, long belowSince, int bestCount, long bestAt, Alarm best,
                         String firstAlarmId, long startedAt, int peakCount, long peakAt, int alarms) {

    public static final long NOT_BELOW = Long.MIN_VALUE;

    static FloodState startedBy(Alarm first) {
        return new FloodState(first.windowEnd(), NOT_BELOW, 0, 0, null,
                first.alarmId(), first.windowEnd(), first.orderCount(), first.windowEnd(), 1);
    }

    FloodState withBelowSince(long time) {
        return new FloodState(lastAlarmAt, time, bestCount, bestAt, best,
                firstAlarmId, startedAt, peakCount, peakAt, alarms);
    }

    FloodState notBelow() {
        return new FloodState(lastAlarmAt, NOT_BELOW, bestCount, bestAt, best,
                firstAlarmId, startedAt, peakCount, peakAt, alarms);
    }

    FloodState withCandidate(int count, long time) {
        return new FloodState(lastAlarmAt, NOT_BELOW, count, time, null,
                firstAlarmId, startedAt, peakCount, peakAt, alarms);
    }

    FloodState withBest(Alarm alarm) {
        return new FloodState(lastAlarmAt, belowSince, bestCount, bestAt, alarm,
                firstAlarmId, startedAt, peakCount, peakAt, alarms);
    }

    /** The count reached {@code count} at {@code time}: a new peak if it is at least the old one. */
    FloodState reached(int count, long time) {
        return count < peakCount ? this : new FloodState(lastAlarmAt, belowSince, bestCount, bestAt, best,
                firstAlarmId, startedAt, count, time, alarms);
    }

    /** The candidate went out as an alarm at {@code time}. */
    FloodState alarmedAt(long time) {
        return new FloodState(time, belowSince, 0, 0, null,
                firstAlarmId, startedAt, peakCount, peakAt, alarms + 1);
    }

    boolean isBelow() {
        return belowSince != NOT_BELOW;
    }

    boolean hasCandidate() {
        return bestCount > 0;
    }
}
