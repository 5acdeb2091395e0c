package dev.sitewatch.silence;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Which alarms a silence mutes. With {@code all} it mutes every alarm; otherwise every matcher that is set must hold:
 * the alarm's type is {@code type}, its key is {@code key} or starts with {@code keyPrefix}. A key matcher never
 * matches an alarm without a key (an {@code ORDER_FLOOD} is about the whole site, not one customer). Matchers with
 * nothing set and without {@code all} match nothing: the API refuses them, and an item written by hand must not mute
 * every alarm by accident.
 *
 * @param type      an alarm type such as {@code CUSTOMER_FLOOD}, or null for any
 * @param key       the alarm's key (for {@code CUSTOMER_FLOOD} the customer id), or null for any
 * @param keyPrefix a prefix of the alarm's key, or null for any; never together with {@code key}
 * @param all       every alarm; never together with the other matchers
 */
@Schema(description = "Which alarms are muted: `{\"all\":true}`, or any of type, key, keyPrefix (all given must hold)")
public record Matchers(
        @Schema(example = "CUSTOMER_FLOOD") String type,
        @Schema(example = "14911") String key,
        @Schema(example = "149") String keyPrefix,
        boolean all) {

    public static Matchers everything() {
        return new Matchers(null, null, null, true);
    }

    public boolean matches(String alarmType, String alarmKey) {
        if (all) {
            return true;
        }
        if (type == null && key == null && keyPrefix == null) {
            return false;
        }
        if (type != null && !type.equals(alarmType)) {
            return false;
        }
        if (key != null && !key.equals(alarmKey)) {
            return false;
        }
        return keyPrefix == null || (alarmKey != null && alarmKey.startsWith(keyPrefix));
    }
}
