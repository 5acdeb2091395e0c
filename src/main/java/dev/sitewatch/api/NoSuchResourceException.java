package dev.sitewatch.api;

/** A resource the request names does not exist: a 404 problem whose detail is this message (no request data in it). */
public class NoSuchResourceException extends RuntimeException {

    public NoSuchResourceException(String detail) {
        super(detail);
    }
}
