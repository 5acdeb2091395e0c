package dev.sitewatch.check;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a round found for one check: the probe that counts, and the first attempt when a second opinion was asked
 * (the first failed). A failure that the second opinion did not confirm is a blip: the round counts as up.
 */
@RegisterForReflection
public record RoundResult(ProbeResult result, ProbeResult firstAttempt) {

    public boolean up() {
        return result.up();
    }

    public int attempts() {
        return firstAttempt == null ? 1 : 2;
    }

    /** The second opinion overruled a failed first probe. */
    public boolean blip() {
        return firstAttempt != null && result.up();
    }
}
