package dev.sitewatch.check;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.alarm.SiteCheck;

/**
 * A {@link SiteEvent} in the contract of {@code website-alarms}. Site alarms count no orders ({@code orderCount} 0,
 * so order sums in the history stay true); {@code key} is the check's id and {@code floodId} names the episode (its
 * first alarm), so the historian keeps site outages as episodes beside floods and the notifier's resolved notice
 * ("site back up after 7 min") works as it does for floods.
 */
final class SiteEvents {

    private final ObjectMapper mapper;

    SiteEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String json(SiteEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (event instanceof SiteEvent.Alarm alarm) {
            json.put("alarmId", alarm.alarmId());
            json.put("floodId", alarm.alarmId());
            json.put("type", alarm.type());
            json.put("key", alarm.site().checkId());
            json.put("windowStart", alarm.windowStart().toString());
            json.put("windowEnd", alarm.windowEnd().toString());
            json.put("raisedAt", alarm.raisedAt().toString());
            json.put("windowSeconds", alarm.windowSeconds());
            json.put("orderCount", 0);
            json.put("threshold", alarm.threshold());
        } else {
            SiteEvent.Resolved resolved = (SiteEvent.Resolved) event;
            json.put("resolved", true);
            json.put("alarmId", resolved.alarmId());
            json.put("floodId", resolved.episode().alarmId());
            json.put("type", resolved.type());
            json.put("key", resolved.site().checkId());
            json.put("startedAt", resolved.episode().startedAt().toString());
            json.put("endedAt", resolved.endedAt().toString());
            json.put("peakCount", 0);
            json.put("peakAt", resolved.episode().startedAt().toString());
            json.put("alarms", 1);
            json.put("lastCount", 0);
            json.put("endCount", 0);
            json.put("threshold", resolved.threshold());
            json.put("windowSeconds", (int) Math.max(1,
                    java.time.Duration.between(resolved.episode().startedAt(), resolved.endedAt()).toSeconds()));
        }
        SiteCheck site = event.site();
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("checkId", site.checkId());
        check.put("name", site.name());
        check.put("url", site.url());
        check.put("reason", site.reason());
        check.put("detail", site.detail());
        json.put(SiteCheck.FIELD, check);
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Maps of strings and numbers always serialize", e);
        }
    }
}
