package dev.sitewatch.alarm;

import java.time.Duration;
import java.time.Instant;

/**
 * A flood is over (put on {@code website-alarms} by the detector once the count has stayed under the threshold for
 * a whole window). Names the flood by its first alarm ({@code floodId}); its own {@code alarmId}
 * ({@code RESOLVED-<floodId>}) makes its notice exactly-once like an alarm's.
 *
 * @param lastCount the order count of the flood's last alarm
 * @param endCount  the count in the window when the flood ended
 * @param site      for the end of a site check's episode (the site is back up, fast again, its certificate
 *                  renewed): the check; null for floods
 */
public record Resolved(String alarmId, String floodId, String type, String key, Instant startedAt, Instant endedAt,
                       int peakCount, Instant peakAt, int alarms, int lastCount, int endCount, int threshold,
                       int windowSeconds, SiteCheck site) implements AlarmEvent {

    /** The field that tells a resolved event from an alarm in the stream's JSON. */
    public static final String FIELD = "resolved";

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }
}
