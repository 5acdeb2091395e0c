package dev.sitewatch.check;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * Lambda entry point, run by an EventBridge schedule (every minute on AWS, every 10 s in the local run): one round of
 * site checks. The round is the event's scheduled {@code time}, so a redelivered or retried event is the same round
 * and counts nothing twice; an event without one (a manual test invoke) is the current second. Reads the event as a
 * map: the library's ScheduledEvent needs Joda-Time, which nothing else here uses.
 */
@Named("site-prober")
public class SiteProberHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    SiteProber prober;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        SiteProber.Report report = prober.run(round(event));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("round", report.round().toString());
        answer.put("checks", report.checks());
        answer.put("probed", report.probed());
        answer.put("up", report.up());
        answer.put("down", report.down());
        answer.put("blips", report.blips());
        answer.put("alreadyDone", report.alreadyDone());
        answer.put("eventsPut", report.eventsPut());
        return answer;
    }

    static Instant round(Map<String, Object> event) {
        Object time = event == null ? null : event.get("time");
        if (time instanceof String text && !text.isBlank()) {
            try {
                return OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("The event's time is not ISO-8601: " + text, e);
            }
        }
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
