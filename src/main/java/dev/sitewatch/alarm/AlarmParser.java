package dev.sitewatch.alarm;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.kinesis.JsonPayload;

/**
 * Reads a record of {@code website-alarms}: an alarm, or (with a {@code notification} field) what became of one.
 * Unknown fields are ignored (the detector may add some); what the history and the message need must be there and
 * make sense, or the record is rejected with the reason. Reads the JSON tree rather than binding classes, so nothing
 * needs reflection in a native image.
 */
public final class AlarmParser {

    static final Pattern ALARM_ID = Pattern.compile("[A-Za-z0-9_:.-]{1,64}");
    static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final int MAX_KEY_LENGTH = 128;

    private final JsonPayload payloads;

    public AlarmParser(ObjectMapper mapper) {
        this.payloads = new JsonPayload(mapper);
    }

    public Decoded<AlarmEvent> parse(byte[] data) {
        Decoded<JsonNode> payload = payloads.object(data);
        if (payload instanceof Decoded.Rejected<JsonNode> rejected) {
            return Decoded.rejected(rejected.reason());
        }
        JsonNode json = ((Decoded.Ok<JsonNode>) payload).value();
        try {
            if (json.has(Notification.FIELD)) {
                return Decoded.ok(notification(json));
            }
            return Decoded.ok(json.path(Resolved.FIELD).asBoolean(false) ? resolved(json) : alarm(json));
        } catch (IllegalArgumentException e) {
            return Decoded.rejected(e.getMessage());
        }
    }

    private static Notification notification(JsonNode json) {
        String outcome = optionalText(json, Notification.FIELD);
        Notification.Outcome parsed;
        try {
            parsed = Notification.Outcome.valueOf(outcome == null ? "" : outcome);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Notification.FIELD + " is not one of SENT, REJECTED, SILENCED: " + outcome);
        }
        Notification notification = new Notification(required(json, "alarmId", ALARM_ID), parsed, instant(json, "at"),
                optionalText(json, "snsMessageId"), optionalText(json, "reason"), optionalText(json, "silenceId"),
                optionalId(json, "floodId"));
        if (parsed == Notification.Outcome.SILENCED && notification.silenceId() == null) {
            throw new IllegalArgumentException("a SILENCED notification needs a silenceId");
        }
        return notification;
    }

    private static Resolved resolved(JsonNode json) {
        String type = required(json, "type", TYPE);
        Instant startedAt = instant(json, "startedAt");
        Instant endedAt = instant(json, "endedAt");
        if (endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("endedAt is before startedAt");
        }
        return new Resolved(required(json, "alarmId", ALARM_ID), required(json, "floodId", ALARM_ID), type,
                key(json), startedAt, endedAt, nonNegative(json, "peakCount"), instant(json, "peakAt"),
                nonNegative(json, "alarms"), nonNegative(json, "lastCount"), nonNegative(json, "endCount"),
                positive(json, "threshold"), positive(json, "windowSeconds"), site(json));
    }

    /** The {@code site} object of a site check's alarm or resolved event; null when absent. */
    private static SiteCheck site(JsonNode json) {
        JsonNode site = json.get(SiteCheck.FIELD);
        if (site == null || site.isNull()) {
            return null;
        }
        if (!site.isObject()) {
            throw new IllegalArgumentException(SiteCheck.FIELD + " is not an object");
        }
        String checkId = optionalText(site, "checkId");
        String name = optionalText(site, "name");
        String url = optionalText(site, "url");
        String reason = optionalText(site, "reason");
        if (checkId == null || name == null || url == null || reason == null) {
            throw new IllegalArgumentException(SiteCheck.FIELD + " needs checkId, name, url and reason");
        }
        return new SiteCheck(checkId, name, url, reason, optionalText(site, "detail"));
    }

    private static String key(JsonNode json) {
        String key = optionalText(json, "key");
        if (key != null && key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key longer than " + MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    private static String optionalId(JsonNode json, String field) {
        String value = optionalText(json, field);
        if (value != null && !ALARM_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " does not match " + ALARM_ID.pattern());
        }
        return value;
    }

    private static Alarm alarm(JsonNode json) {
        String alarmId = required(json, "alarmId", ALARM_ID);
        String floodId = optionalId(json, "floodId");
        String type = required(json, "type", TYPE);
        String key = key(json);
        Instant windowEnd = instant(json, "windowEnd");
        int windowSeconds = positive(json, "windowSeconds");
        Instant windowStart = json.hasNonNull("windowStart")
                ? instant(json, "windowStart") : windowEnd.minusSeconds(windowSeconds);
        if (windowStart.isAfter(windowEnd)) {
            throw new IllegalArgumentException("windowStart is after windowEnd");
        }
        Instant raisedAt = json.hasNonNull("raisedAt") ? instant(json, "raisedAt") : null;
        if (raisedAt != null && raisedAt.isBefore(windowEnd)) {
            throw new IllegalArgumentException("raisedAt is before windowEnd");
        }
        return new Alarm(alarmId, floodId, type, key, windowStart, windowEnd, raisedAt, windowSeconds,
                nonNegative(json, "orderCount"), positive(json, "threshold"),
                contributors(json, "topCustomers"), contributors(json, "topCountries"),
                contributors(json, "topStockCodes"), site(json));
    }

    private static String required(JsonNode json, String field, Pattern pattern) {
        String value = optionalText(json, field);
        if (value == null) {
            throw new IllegalArgumentException(field + " missing or blank");
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " does not match " + pattern.pattern());
        }
        return value;
    }

    private static String optionalText(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new IllegalArgumentException(field + " is not a single value");
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    private static Instant instant(JsonNode json, String field) {
        String value = optionalText(json, field);
        if (value == null) {
            throw new IllegalArgumentException(field + " missing or blank");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 time with offset: " + value);
        }
    }

    private static int positive(JsonNode json, String field) {
        int value = integer(json, field);
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive: " + value);
        }
        return value;
    }

    private static int nonNegative(JsonNode json, String field) {
        int value = integer(json, field);
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
        return value;
    }

    private static int integer(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(field + " missing");
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.textValue().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(field + " is not an integer: " + node);
    }

    private static List<Alarm.Contributor> contributors(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(field + " is not an array");
        }
        List<Alarm.Contributor> contributors = new ArrayList<>();
        for (JsonNode entry : node) {
            String key = entry.isObject() ? optionalText(entry, "key") : null;
            JsonNode count = entry.isObject() ? entry.get("count") : null;
            if (key == null || count == null || !count.canConvertToLong()) {
                throw new IllegalArgumentException(field + " has an entry without key and count: " + entry);
            }
            contributors.add(new Alarm.Contributor(key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key,
                    count.longValue()));
        }
        return contributors;
    }
}
