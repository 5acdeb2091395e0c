package dev.sitewatch.silence;

import static dev.sitewatch.api.JsonBodyFields.abbreviated;
import static dev.sitewatch.api.JsonBodyFields.absent;
import static dev.sitewatch.api.JsonBodyFields.text;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.sitewatch.api.BadParameterException;

/**
 * Reads the body of {@code POST /silences} field by field, so that every bad input is a 400 problem naming its field
 * ({@code matchers}, {@code matchers.type}, {@code matchers.key}, {@code matchers.keyPrefix}, {@code matchers.all},
 * {@code startsAt}, {@code endsAt}, {@code comment}; {@code body} when it is not a JSON object). Unknown fields are
 * refused too: a misspelt matcher ({@code "kye"}) would otherwise widen the silence to every alarm of the type.
 */
final class NewSilenceReader {

    static final int MAX_COMMENT = 500;
    static final int MAX_KEY = 200;
    /** How far in the past a start may be: the clocks of client and server differ, a request takes time. */
    static final Duration START_TOLERANCE = Duration.ofMinutes(1);
    private static final Set<String> FIELDS = Set.of("matchers", "startsAt", "endsAt", "comment");
    private static final Set<String> MATCHER_FIELDS = Set.of("type", "key", "keyPrefix", "all");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final List<String> knownTypes;
    private final Duration maxDuration;

    NewSilenceReader(List<String> knownTypes, Duration maxDuration) {
        this.knownTypes = List.copyOf(knownTypes);
        this.maxDuration = maxDuration;
    }

    /** The silence the body asks for, its start defaulting to {@code now}. */
    NewSilence read(String body, Instant now) {
        JsonNode root = parse(body);
        onlyKnownFields(root, FIELDS, "");
        Matchers matchers = matchers(root.get("matchers"));
        Instant startsAt = time("startsAt", root.get("startsAt"));
        if (startsAt == null) {
            startsAt = now;
        } else if (startsAt.isBefore(now.minus(START_TOLERANCE))) {
            throw new BadParameterException("startsAt", "startsAt " + startsAt + " is in the past; leave it out to "
                    + "start now");
        }
        Instant endsAt = time("endsAt", root.get("endsAt"));
        if (endsAt == null) {
            throw new BadParameterException("endsAt", "endsAt is required: when the silence ends (ISO-8601, like "
                    + "2026-11-27T20:00:00Z)");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new BadParameterException("endsAt", "endsAt must be after startsAt; got startsAt=" + startsAt
                    + ", endsAt=" + endsAt);
        }
        Instant latest = now.plus(maxDuration);
        if (endsAt.isAfter(latest)) {
            throw new BadParameterException("endsAt", "endsAt " + endsAt + " is more than " + maxDuration.toDays()
                    + " days away; a silence may end at " + latest + " at the latest");
        }
        return new NewSilence(matchers, startsAt, endsAt, comment(root.get("comment")));
    }

    private static JsonNode parse(String body) {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadParameterException("body", "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new BadParameterException("body", "the body must be a JSON object with matchers, endsAt, comment "
                    + "and optionally startsAt");
        }
        return root;
    }

    private static void onlyKnownFields(JsonNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new BadParameterException(prefix + name, "unknown field '" + prefix + name + "'; "
                        + (prefix.isEmpty() ? "a silence has " : "matchers are ") + String.join(", ",
                        known.stream().sorted().toList()));
            }
        }
    }

    private Matchers matchers(JsonNode node) {
        if (absent(node) || !node.isObject()) {
            throw new BadParameterException("matchers", "matchers is required: an object such as "
                    + "{\"type\":\"CUSTOMER_FLOOD\",\"key\":\"14911\"}, {\"keyPrefix\":\"149\"} or {\"all\":true}");
        }
        onlyKnownFields(node, MATCHER_FIELDS, "matchers.");
        String type = text("matchers.type", node.get("type"), 64);
        if (type != null && !knownTypes.contains(type)) {
            throw new BadParameterException("matchers.type", "matchers.type must be one of "
                    + String.join(", ", knownTypes) + "; got '" + type + "'");
        }
        String key = text("matchers.key", node.get("key"), MAX_KEY);
        String keyPrefix = text("matchers.keyPrefix", node.get("keyPrefix"), MAX_KEY);
        JsonNode allNode = node.get("all");
        if (!absent(allNode) && !allNode.isBoolean()) {
            throw new BadParameterException("matchers.all", "matchers.all must be true or false; got " + allNode);
        }
        boolean all = !absent(allNode) && allNode.booleanValue();
        boolean some = type != null || key != null || keyPrefix != null;
        if (all && some) {
            throw new BadParameterException("matchers", "matchers.all silences every alarm and cannot be combined "
                    + "with type, key or keyPrefix");
        }
        if (key != null && keyPrefix != null) {
            throw new BadParameterException("matchers.key", "give matchers.key or matchers.keyPrefix, not both");
        }
        if (!all && !some) {
            throw new BadParameterException("matchers", "matchers name no alarms: give type, key or keyPrefix, or "
                    + "{\"all\":true} to silence every alarm");
        }
        return new Matchers(type, key, keyPrefix, all);
    }


    private static Instant time(String name, JsonNode node) {
        if (absent(node)) {
            return null;
        }
        String text = text(name, node, 64);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new BadParameterException(name, name + " must be an ISO-8601 time with offset, like "
                    + "2026-11-27T20:00:00Z; got '" + text + "'");
        }
    }

    private static String comment(JsonNode node) {
        if (absent(node)) {
            throw new BadParameterException("comment", "comment is required: why alarms are silenced, for the "
                    + "people on call");
        }
        return text("comment", node, MAX_COMMENT);
    }
}
