package dev.sitewatch.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sitewatch.history.AlarmRecord;

/**
 * One alarm as the API shows it.
 *
 * @param time             when the flood was detected at {@code orderCount}: the window's end, to the second
 *                         ({@code alarm_creation_time}, UTC)
 * @param raisedAt         when the detector raised the alarm: {@code window.end} for a flood's first alarm, the
 *                         throttle slot for a repeat, whose count is the peak since the previous alarm and so may be
 *                         older than the alarm; {@code null} for alarms stored before it was recorded
 * @param topContributors  {@code {"customers":[{"key":..,"count":..}],"countries":[..],"stockCodes":[..]}}
 * @param notifiedAt       when SNS accepted the message (sent); {@code null} if people have not been told
 * @param silenceId        the silence that muted it (then {@code notifiedAt} is null on purpose); else {@code null}
 * @param floodId          the flood it belongs to ({@code GET /floods}); {@code null} for alarms from before episodes
 */
public record AlarmView(long id, String alarmId, String type, String key, Instant time, int orderCount, int threshold,
                        Window window, Instant raisedAt, JsonNode topContributors, Instant notifiedAt, String silenceId, String floodId) {

    /** The counting window: {@code (start, end]} of {@code seconds}. */
    public record Window(Instant start, Instant end, int seconds) {
    }

    static AlarmView of(AlarmRecord record, JsonNode topContributors) {
        return new AlarmView(record.id, record.alarmId, record.type, record.key, record.creationTime,
                record.numberOfOrders, record.threshold,
                new Window(record.windowStart, record.windowEnd, record.windowSeconds), record.raisedAt,
                topContributors, record.notifiedAt, record.silenceId, record.floodId);
    }
}
