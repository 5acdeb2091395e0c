package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.AlarmType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Alarm ids derived only from what the alarm says, so the same input gives the same id: a replay after a restart,
 * or the Kinesis sink's at-least-once retries, produce duplicates that the notifier drops by id.
 * Shape: {@code <TYPE>-<windowEnd epoch ms>-<24 hex of SHA-256>}, at most 64 characters of {@code [A-Za-z0-9_-]}.
 */
public final class AlarmIds {

    private AlarmIds() {
    }

    public static String of(AlarmType type, String key, long windowEnd, int orderCount, int threshold,
                            int windowSeconds) {
        String identity = type + "|" + (key == null ? "" : key) + "|" + windowEnd + "|" + orderCount + "|" + threshold
                + "|" + windowSeconds;
        return type + "-" + windowEnd + "-" + HexFormat.of().formatHex(sha256(identity), 0, 12);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
