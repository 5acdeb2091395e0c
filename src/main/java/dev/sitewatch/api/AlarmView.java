package dev.sitewatch.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sitewatch.history.AlarmRecord;

/**
 * One alarm as the API shows it.
 *
 * @param time             when the flood was detected ({@code alarm_creation_time}, UTC, to the second)
 * @param topContributors  {@code {"customers":[{"key":..,"count":..}],"countries":[..],"stockCodes":[..]}}
 * @param notifiedAt       when SNS accepted the message; {@code null} if people have not been told
 */
public record AlarmView(long id, String alarmId, String type, String key, Instant time, int orderCount, int threshold,
                        Window window, JsonNode topContributors, Instant notifiedAt) {

    /** The counting window: {@code (start, end]} of {@code seconds}. */
    public record Window(Instant start, Instant end, int seconds) {
    }

    static AlarmView of(AlarmRecord record, JsonNode topContributors) {
        return new AlarmView(record.id, record.alarmId, record.type, record.key, record.creationTime,
                record.numberOfOrders, record.threshold,
                new Window(record.windowStart, record.windowEnd, record.windowSeconds),
                topContributors, record.notifiedAt);
    }
}
