package dev.sitewatch.api;

import java.time.Instant;
import java.util.List;

/**
 * One flood as the API shows it: an episode from its first alarm to its end.
 *
 * @param floodId            the first alarm's {@code alarmId}
 * @param endedAt            a whole window after the count last went under the threshold; {@code null} while it lasts
 * @param seconds            from {@code startedAt} to {@code endedAt}, or to now while it lasts
 * @param peakCount          the highest count (once ended, the detector's, whether or not an alarm reported it)
 * @param resolvedNotifiedAt when SNS accepted the "flood over" notice; {@code null} if none was sent
 * @param alarmList          its alarms, oldest first: in {@code GET /floods/{id}} only
 */
public record FloodView(long id, String floodId, String type, String key, Instant startedAt, Instant endedAt,
                        boolean open, long seconds, int peakCount, Instant peakAt, int alarms, int threshold,
                        int windowSeconds, Instant resolvedNotifiedAt, List<AlarmView> alarmList) {
}
