package dev.sitewatch.alarm;

import java.util.Optional;

/** Which silence, if any, mutes notices of {@code type} and {@code key} right now; answers at once, never fails. */
interface AlarmSilences {

    /** @return the id of the silence that mutes it */
    Optional<String> silencing(String type, String key);
}
