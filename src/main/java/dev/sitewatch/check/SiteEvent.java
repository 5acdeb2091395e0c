package dev.sitewatch.check;

import java.time.Duration;
import java.time.Instant;

import dev.sitewatch.alarm.SiteCheck;

/**
 * What the prober puts on {@code website-alarms}: a site check's alarm, or the end of its episode. Written in the
 * stream's alarm and resolved contracts (ARCHITECTURE.md) by {@link SiteEvents}, so the notifier, the historian and
 * silences treat them as they treat floods.
 */
sealed interface SiteEvent {

    String alarmId();

    SiteCheck site();

    /**
     * @param windowStart when the trouble began (first failed round, oldest slow sample)
     * @param windowEnd   the round that raised it
     * @param threshold   failed rounds before DOWN, the slow threshold in ms, or the certificate days
     */
    record Alarm(String alarmId, String type, Instant windowStart, Instant windowEnd, Instant raisedAt,
                 int threshold, SiteCheck site) implements SiteEvent {

        int windowSeconds() {
            return (int) Math.max(1, Duration.between(windowStart, windowEnd).toSeconds());
        }
    }

    /** The episode that began with {@code episode}'s alarm ended at {@code endedAt}. */
    record Resolved(String type, CheckState.Episode episode, Instant endedAt, int threshold, SiteCheck site)
            implements SiteEvent {

        @Override
        public String alarmId() {
            return "RESOLVED-" + episode.alarmId();
        }
    }
}
