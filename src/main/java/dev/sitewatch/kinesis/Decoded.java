package dev.sitewatch.kinesis;

/** What a record's payload decoded to: a value, or the reason it is not one (and goes to quarantine). */
public sealed interface Decoded<T> {

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> rejected(String reason) {
        return new Rejected<>(reason);
    }

    record Ok<T>(T value) implements Decoded<T> {
    }

    record Rejected<T>(String reason) implements Decoded<T> {
    }
}
