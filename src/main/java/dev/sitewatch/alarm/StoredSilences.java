package dev.sitewatch.alarm;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sitewatch.silence.ActiveSilences;
import dev.sitewatch.silence.Silence;

/** The silences people set through {@code /silences}, as the notifier asks for them. */
@ApplicationScoped
class StoredSilences implements AlarmSilences {

    @Inject
    ActiveSilences active;

    @Override
    public Optional<String> silencing(String type, String key) {
        return active.silencing(type, key).map(Silence::id);
    }
}
