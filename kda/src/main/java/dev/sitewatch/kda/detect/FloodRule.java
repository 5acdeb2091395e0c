package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.AlarmType;

import java.io.Serializable;
import java.time.Duration;

/** One detection rule: what to call the alarm, how many orders in how long a window, and how often to repeat it. */
public record FloodRule(AlarmType type, int threshold, Duration window, Duration throttle) implements Serializable {

    public FloodRule {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
        }
        if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window must be a whole number of seconds, at least 1, was " + window);
        }
        if (throttle.toMillis() < 1) {
            throw new IllegalArgumentException("throttle must be positive, was " + throttle);
        }
    }

    public long windowMillis() {
        return window.toMillis();
    }

    public long throttleMillis() {
        return throttle.toMillis();
    }
}
