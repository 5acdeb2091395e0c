package dev.sitewatch.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.sitewatch.local.LocalSns;

/** The Publish requests the real SNS SDK sent to WireMock, with their form fields and when they arrived. */
public final class SnsPublishes {

    private SnsPublishes() {
    }

    /** One Publish request. */
    public record Publish(Map<String, String> fields, Instant receivedAt) {
        public String alarmId() {
            return fields.get("MessageAttributes.entry.3.Value.StringValue");
        }
    }

    public static List<Publish> all() {
        return SnsResource.sns().server().findAll(postRequestedFor(urlEqualTo("/"))).stream()
                .map(request -> new Publish(LocalSns.formFields(request.getBodyAsString()),
                        request.getLoggedDate().toInstant()))
                .filter(publish -> "Publish".equals(publish.fields().get("Action")))
                .toList();
    }

    public static List<Publish> of(String alarmId) {
        return all().stream().filter(p -> alarmId.equals(p.alarmId())).toList();
    }
}
