package dev.sitewatch.kda.model;

/**
 * A flood is over: its count has stayed under the threshold for a whole window. It sums up the flood that its
 * alarms announced, and goes on {@code website-alarms} as the flood's resolved notice. Times are epoch milliseconds
 * of event time (Kinesis arrival time). {@code key} is the customer for {@link AlarmType#CUSTOMER_FLOOD}, null for
 * {@link AlarmType#ORDER_FLOOD}.
 *
 * @param floodId       the flood's id, which its alarms carry too: the id of its first alarm
 * @param startedAt     the first alarm's {@code windowEnd}: when the count first reached the threshold
 * @param endedAt       when the flood ended: a whole window after the count last went under the threshold
 * @param peakCount     the highest count reached during the flood, whether or not an alarm reported it
 * @param peakAt        the latest time {@code peakCount} was reached
 * @param alarms        how many alarms this flood raised, the first included
 * @param lastCount     the order count of the last alarm the flood raised
 * @param endCount      the count in the window when the flood ended (under the threshold, usually 0)
 * @param threshold     the rule's threshold
 * @param windowSeconds the rule's window
 */
public record FloodEnd(AlarmType type, String key, String floodId, long startedAt, long endedAt, int peakCount,
                       long peakAt, int alarms, int lastCount, int endCount, int threshold, int windowSeconds) {
}
