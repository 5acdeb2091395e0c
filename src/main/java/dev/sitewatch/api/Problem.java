package dev.sitewatch.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). {@code parameter} is our extension member: the
 * request parameter at fault, for 400s.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://sitewatch.dev/problems/";

    static Problem badParameter(String parameter, String detail, String path) {
        return new Problem(TYPE_BASE + "bad-parameter", "Bad request parameter", 400, detail, path, parameter);
    }

    static Problem of(int status, String title, String detail, String path) {
        return new Problem(status == 404 ? TYPE_BASE + "not-found" : "about:blank", title, status, detail, path, null);
    }
}
