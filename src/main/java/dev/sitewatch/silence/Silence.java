package dev.sitewatch.silence;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A silence: alarms its {@link Matchers} match are not sent to people while it is active, from {@code startsAt}
 * (inclusive) to {@code endsAt} (exclusive).
 *
 * @param id        a UUID
 * @param createdBy who created it: the bearer token's subject, {@code anonymous} where authentication is off
 */
public record Silence(String id, Matchers matchers, Instant startsAt, Instant endsAt, String comment, String createdBy,
                      Instant createdAt) {

    /** Where a silence is in its life at a given time. */
    @Schema(enumeration = {"PENDING", "ACTIVE", "EXPIRED"})
    public enum State {
        /** It has not started yet. */
        PENDING,
        /** It mutes matching alarms now. */
        ACTIVE,
        /** It has ended (or was expired early). */
        EXPIRED
    }

    /** Its state at {@code now}; a silence expired before it started (endsAt before startsAt) is expired. */
    public State state(Instant now) {
        if (!now.isBefore(endsAt)) {
            return State.EXPIRED;
        }
        return now.isBefore(startsAt) ? State.PENDING : State.ACTIVE;
    }

    public boolean isActive(Instant now) {
        return state(now) == State.ACTIVE;
    }

    /** Whether it would mute an alarm of this type and key (null for alarms without a key), whatever its state. */
    public boolean matches(String type, String key) {
        return matchers.matches(type, key);
    }

    /** Whether the two time ranges share a moment. */
    boolean overlaps(Instant from, Instant to) {
        return startsAt.isBefore(to) && from.isBefore(endsAt);
    }
}
