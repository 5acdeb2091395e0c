package dev.sitewatch.silence;

import java.time.Instant;

/** A silence as the API shows it: with its state at the time of the request. */
public record SilenceView(String id, Matchers matchers, Instant startsAt, Instant endsAt, String comment,
                          String createdBy, Instant createdAt, Silence.State state) {

    static SilenceView of(Silence silence, Instant now) {
        return new SilenceView(silence.id(), silence.matchers(), silence.startsAt(), silence.endsAt(),
                silence.comment(), silence.createdBy(), silence.createdAt(), silence.state(now));
    }
}
