package dev.sitewatch.alarm;

import java.time.Instant;

/**
 * What became of an alarm's notification, put on {@code website-alarms} by the notifier after its ledger recorded
 * it, with the alarm's partition key so that it follows the alarm on the same shard. The historian copies it into
 * the history; the notifier passes over it. Put again on every redelivery of the alarm: applying it twice is
 * harmless.
 *
 * @param alarmId      the alarm's id, or the {@link Resolved} event's
 * @param snsMessageId SNS's id of the message when {@code SENT}, else null
 * @param reason       why SNS refused it for good when {@code REJECTED}, else null
 * @param silenceId    the silence that muted it when {@code SILENCED}, else null
 * @param floodId      set when the notification is about a flood's end (a {@link Resolved}), else null
 */
public record Notification(String alarmId, Outcome outcome, Instant at, String snsMessageId, String reason,
                           String silenceId, String floodId) implements AlarmEvent {

    /** The field that tells a notification from an alarm in the stream's JSON. */
    public static final String FIELD = "notification";

    public enum Outcome {
        /** SNS accepted the message. */
        SENT,
        /** SNS refused the message for good; it will not be sent. */
        REJECTED,
        /** A silence matched: not sent, on purpose. */
        SILENCED
    }
}
