package dev.sitewatch.history;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The answer a Lambda-backed CloudFormation custom resource owes: a JSON document PUT to the request's pre-signed
 * {@code ResponseURL} (an S3 URL). Until it arrives, CloudFormation waits, up to an hour. The request carries no
 * {@code Content-Type}: the URL's signature was made over an empty one, and S3 refuses a request whose headers differ
 * (AWS's own cfn-response module sends {@code content-type: ''} for the same reason).
 */
final class CustomResourceResponse {

    static final String SUCCESS = "SUCCESS";
    static final String FAILED = "FAILED";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private CustomResourceResponse() {
    }

    /** The response document for {@code event} (CloudFormation's custom-resource request). */
    static Map<String, Object> body(Map<String, Object> event, String status, String reason, String physicalId,
            Map<String, String> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", status);
        // CloudFormation shows the reason in the stack's events; it must be short (the whole document ≤ 4 KB)
        body.put("Reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        body.put("PhysicalResourceId", physicalId);
        body.put("StackId", event.get("StackId"));
        body.put("RequestId", event.get("RequestId"));
        body.put("LogicalResourceId", event.get("LogicalResourceId"));
        body.put("NoEcho", false);
        body.put("Data", data);
        return body;
    }

    /** PUTs the document to the event's {@code ResponseURL}. */
    static void send(ObjectMapper mapper, Map<String, Object> event, Map<String, Object> body)
            throws IOException, InterruptedException {
        String url = String.valueOf(event.get("ResponseURL"));
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .PUT(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("CloudFormation's response URL answered " + response.statusCode() + ": "
                    + response.body());
        }
    }
}
