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
 * those fields existed restores them as null and 0: a flood restored without {@code firstAlarmId} takes its next
 * alarm as its first (its id and start), a {@code best} built before alarms had a {@code floodId} gets the flood's
 * when it goes out, and {@code lastCount} stays 0 until the next alarm.
 *
 * @param lastAlarmAt  event time at which the last alarm of this flood was emitted
 * @param belowSince   event time since which the count has been under the threshold, or {@link #NOT_BELOW}
 * @param bestCount    the highest count since the last alarm, 0 when there is none yet
 * @param bestAt       the latest event time at which {@code bestCount} was reached
 * @param best         the alarm for {@code bestCount}, once built; null before
 * @param firstAlarmId the id of the flood's first alarm: the flood's id, which its alarms carry as {@code floodId}
 * @param startedAt    the first alarm's {@code windowEnd}
 * @param peakCount    the highest count of the whole flood
 * @param peakAt       the latest event time at which {@code peakCount} was reached
 * @param alarms       alarms emitted in this flood so far, the first included
 * @param lastCount    the order count of the last alarm emitted
 */
public record FloodState(long lastAlarmAt, long belowSince, int bestCount, long bestAt, Alarm best,
                         String firstAlarmId, long startedAt, int peakCount, long peakAt, int alarms, int lastCount) {

    public static final long NOT_BELOW = Long.MIN_VALUE;

    static FloodState startedBy(Alarm first) {
        return new FloodState(first.windowEnd(), NOT_BELOW, 0, 0, null,
                first.alarmId(), first.windowEnd(), first.orderCount(), first.windowEnd(), 1, first.orderCount());
    }

    FloodState withBelowSince(long time) {
        return new FloodState(lastAlarmAt, time, bestCount, bestAt, best,
                firstAlarmId, startedAt, peakCount, peakAt, alarms, lastCount);
    }

    FloodState notBelow() {
        return new FloodState(lastAlarmAt, NOT_BELOW, bestCount, bestAt, best,
                firstAlarmId, startedAt, peakCount, peakAt, alarms, lastCount);
    }

    FloodState withCandidate(int count, long time) {
        return new FloodState(lastAlarmAt, NOT_BELOW, count, time, null,
                firstAlarmId, startedAt, peakCount, peakAt, alarms, lastCount);
    }

    FloodState withBest(Alarm alarm) {
        return new FloodState(lastAlarmAt, belowSince, bestCount, bestAt, alarm,
                firstAlarmId, startedAt, peakCount, peakAt, alarms, lastCount);
    }

    /** The count reached {@code count} at {@code time}: a new peak if it is at least the old one. */
    FloodState reached(int count, long time) {
        return count < peakCount ? this : new FloodState(lastAlarmAt, belowSince, bestCount, bestAt, best,
                firstAlarmId, startedAt, count, time, alarms, lastCount);
    }

    /** The candidate went out as {@code sent} at {@code time}. */
    FloodState alarmedAt(long time, Alarm sent) {
        boolean unnamed = firstAlarmId == null;
        return new FloodState(time, belowSince, 0, 0, null, unnamed ? sent.floodId() : firstAlarmId,
                unnamed ? sent.windowEnd() : startedAt, peakCount, peakAt, alarms + 1, sent.orderCount());
    }

    boolean isBelow() {
        return belowSince != NOT_BELOW;
    }

    boolean hasCandidate() {
        return bestCount > 0;
    }
}
