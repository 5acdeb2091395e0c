package dev.sitewatch.kda.model;

/**
 * A flood is over: its count has stayed under the threshold for a whole window. It sums up the flood that its
 * alarms announced. Times are epoch milliseconds of event time (Kinesis arrival time). {@code key} is the customer
 * for {@link AlarmType#CUSTOMER_FLOOD}, null for {@link AlarmType#ORDER_FLOOD}.
 *
 * @param firstAlarmId the id of the flood's first alarm, which a notifier can pair this with
 * @param startedAt    the first alarm's {@code windowEnd}: when the count first reached the threshold
 * @param endedAt      when the flood ended: a whole window after the count last went under the threshold
 * @param peakCount    the highest count reached during the flood, whether or not an alarm reported it
 * @param peakAt       the latest time {@code peakCount} was reached
 * @param alarms       how many alarms this flood raised, the first included
 */
public record FloodEnd(AlarmType type, String key, String firstAlarmId, long startedAt, long endedAt, int peakCount,
                       long peakAt, int alarms) {
}
