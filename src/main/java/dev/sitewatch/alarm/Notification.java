package dev.sitewatch.alarm;

import java.time.Instant;

/**
 * What became of an alarm's notification, put on {@code website-alarms} by the notifier after its ledger recorded
 * it, with the alarm's partition key so that it follows the alarm on the same shard. The historian copies it into
 * the history; the notifier passes over it. Put again on every redelivery of the alarm: applying it twice is
 * harmless.
 *
 * @param snsMessageId SNS's id of the message when {@code SENT}, else null
 * @param reason       why SNS refused it for good when {@code REJECTED}, else null
 */
public record Notification(String alarmId, Outcome outcome, Instant at, String snsMessageId, String reason)
        implements AlarmEvent {

    /** The field that tells a notification from an alarm in the stream's JSON. */
    public static final String FIELD = "notification";

    public enum Outcome {
        /** SNS accepted the message. */
        SENT,
        /** SNS refused the message for good; it will not be sent. */
        REJECTED
    }
}
