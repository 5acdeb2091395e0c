package dev.sitewatch.check;

import static dev.sitewatch.api.JsonBodyFields.abbreviated;
import static dev.sitewatch.api.JsonBodyFields.absent;
import static dev.sitewatch.api.JsonBodyFields.text;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.sitewatch.api.BadParameterException;

/**
 * Reads the body of {@code POST /checks} and {@code PUT /checks/{id}} field by field, so that every bad input is a
 * 400 problem naming its field ({@code name}, {@code url}, {@code method}, {@code headers}, {@code headers.<name>},
 * {@code body}, {@code expectedStatus}, {@code expectedBody}, {@code timeoutMs}, {@code slowMs},
 * {@code intervalSeconds}, {@code certExpiryDays}, {@code failuresBeforeDown}, {@code slowRounds}, {@code enabled};
 * {@code request} when the body is not a JSON object). Unknown fields are refused too: a misspelt
 * {@code expectedStatus} would otherwise leave a check that accepts any answer.
 */
final class CheckReader {

    static final int MAX_NAME = 100;
    static final int MAX_URL = 2048;
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE = 1000;
    static final int MAX_BODY = 65_536;
    static final int MAX_EXPECTED_BODY = 1000;
    static final int DEFAULT_TIMEOUT_MS = 10_000;
    static final int DEFAULT_SLOW_MS = 2_000;
    static final int DEFAULT_CERT_EXPIRY_DAYS = 14;
    static final int DEFAULT_FAILURES_BEFORE_DOWN = 2;
    static final int DEFAULT_SLOW_ROUNDS = 10;
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Headers the client sets itself; a check must not fake them. */
    static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
            "upgrade", "te", "keep-alive", "proxy-connection", "expect");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Pattern STATUS = Pattern.compile("([1-5][0-9][0-9])(?:-([1-5][0-9][0-9]))?");
    private static final Set<String> FIELDS = Set.of("name", "url", "method", "headers", "body", "expectedStatus",
            "expectedBody", "timeoutMs", "slowMs", "intervalSeconds", "certExpiryDays", "failuresBeforeDown",
            "slowRounds", "enabled");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final int defaultIntervalSeconds;

    CheckReader(Duration defaultInterval) {
        this.defaultIntervalSeconds = (int) Math.max(1, defaultInterval.toSeconds());
    }

    /** The check the body defines (id and times not set yet). */
    Check read(String text) {
        JsonNode root = parse(text);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadParameterException(name, "unknown field '" + abbreviated(name) + "'; a check has "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String name = text("name", root.get("name"), MAX_NAME);
        if (name == null) {
            throw new BadParameterException("name", "name is required: what people on call read in the SMS, like "
                    + "\"Checkout\"");
        }
        String url = url(root.get("url"));
        String method = method(root.get("method"));
        Map<String, String> headers = headers(root.get("headers"));
        String body = text("body", root.get("body"), MAX_BODY);
        if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
            throw new BadParameterException("body", "a " + method + " request has no body; use POST, PUT or PATCH");
        }
        Check.StatusRange status = status(root.get("expectedStatus"));
        String expectedBody = text("expectedBody", root.get("expectedBody"), MAX_EXPECTED_BODY);
        if (expectedBody != null && method.equals("HEAD")) {
            throw new BadParameterException("expectedBody", "the answer to HEAD has no body to search");
        }
        int timeoutMs = number("timeoutMs", root.get("timeoutMs"), DEFAULT_TIMEOUT_MS, 100, 60_000);
        int slowMs = number("slowMs", root.get("slowMs"), Math.min(DEFAULT_SLOW_MS, timeoutMs), 1, 60_000);
        if (slowMs > timeoutMs) {
            throw new BadParameterException("slowMs", "slowMs (" + slowMs + ") must not exceed timeoutMs (" + timeoutMs
                    + "): an answer that slow has timed out");
        }
        int interval = number("intervalSeconds", root.get("intervalSeconds"), defaultIntervalSeconds, 10, 86_400);
        boolean https = url.regionMatches(true, 0, "https:", 0, 6);
        JsonNode certNode = root.get("certExpiryDays");
        if (!https && !absent(certNode)) {
            throw new BadParameterException("certExpiryDays", "certExpiryDays needs an https URL: " + abbreviated(url)
                    + " has no certificate");
        }
        int certDays = number("certExpiryDays", certNode, https ? DEFAULT_CERT_EXPIRY_DAYS : 0, 0, 365);
        int failures = number("failuresBeforeDown", root.get("failuresBeforeDown"), DEFAULT_FAILURES_BEFORE_DOWN, 1, 10);
        int slowRounds = number("slowRounds", root.get("slowRounds"), DEFAULT_SLOW_ROUNDS, 1, 100);
        JsonNode enabledNode = root.get("enabled");
        if (!absent(enabledNode) && !enabledNode.isBoolean()) {
            throw new BadParameterException("enabled", "enabled must be true or false; got "
                    + abbreviated(enabledNode.toString()));
        }
        boolean enabled = absent(enabledNode) || enabledNode.booleanValue();
        return new Check(null, name, url, method, headers, body, status, expectedBody, timeoutMs, slowMs, interval,
                certDays, failures, slowRounds, enabled, null, null);
    }

    private static JsonNode parse(String text) {
        JsonNode root;
        try {
            root = text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadParameterException("request", "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new BadParameterException("request", "the body must be a JSON object with at least name and url");
        }
        return root;
    }

    private static String url(JsonNode node) {
        String text = text("url", node, MAX_URL);
        if (text == null) {
            throw new BadParameterException("url", "url is required: the absolute http or https URL to probe");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadParameterException("url", "url is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadParameterException("url", "url must start with http:// or https://; got '" + abbreviated(text)
                    + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new BadParameterException("url", "url has no host: '" + abbreviated(text) + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new BadParameterException("url", "url must not carry a user or password; send an Authorization "
                    + "header instead");
        }
        if (uri.getFragment() != null) {
            throw new BadParameterException("url", "url must not have a fragment (#...): it is never sent");
        }
        return text;
    }

    private static String method(JsonNode node) {
        String text = text("method", node, 10);
        if (text == null) {
            return "GET";
        }
        if (!METHODS.contains(text)) {
            throw new BadParameterException("method", "method must be one of " + String.join(", ",
                    METHODS.stream().sorted().toList()) + " (upper case); got '" + abbreviated(text) + "'");
        }
        return text;
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (absent(node)) {
            return headers;
        }
        if (!node.isObject()) {
            throw new BadParameterException("headers", "headers must be an object of names and values, like "
                    + "{\"Accept\":\"text/html\"}");
        }
        if (node.size() > MAX_HEADERS) {
            throw new BadParameterException("headers", "at most " + MAX_HEADERS + " headers; got " + node.size());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            String path = "headers." + abbreviated(name);
            if (!TOKEN.matcher(name).matches()) {
                throw new BadParameterException(path, "'" + abbreviated(name) + "' is not a valid header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new BadParameterException(path, name + " is set by the prober's HTTP client, not by a check");
            }
            if (headers.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                throw new BadParameterException(path, "header " + name + " is given twice");
            }
            JsonNode value = field.getValue();
            if (value == null || !value.isTextual()) {
                throw new BadParameterException(path, path + " must be a string");
            }
            String text = value.textValue();
            if (text.length() > MAX_HEADER_VALUE || text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new BadParameterException(path, path + " must be at most " + MAX_HEADER_VALUE
                        + " characters without line breaks or control characters");
            }
            headers.put(name, text.strip());
        }
        return headers;
    }

    private static Check.StatusRange status(JsonNode node) {
        if (absent(node)) {
            return new Check.StatusRange(200, 299);
        }
        String text = node.isInt() ? Integer.toString(node.intValue()) : node.isTextual() ? node.textValue().strip() : null;
        Matcher m = text == null ? null : STATUS.matcher(text);
        if (m == null || !m.matches()) {
            throw new BadParameterException("expectedStatus", "expectedStatus must be a status like 200 or a range "
                    + "like \"200-299\" (100 to 599); got " + abbreviated(node.toString()));
        }
        int min = Integer.parseInt(m.group(1));
        int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
        if (max < min) {
            throw new BadParameterException("expectedStatus", "expectedStatus " + text + " ends before it starts");
        }
        return new Check.StatusRange(min, max);
    }

    private static int number(String name, JsonNode node, int defaultValue, int min, int max) {
        if (absent(node)) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadParameterException(name, name + " must be a whole number from " + min + " to " + max
                    + "; got " + abbreviated(node.toString()));
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw new BadParameterException(name, name + " must be from " + min + " to " + max + "; got " + value);
        }
        return value;
    }
}
