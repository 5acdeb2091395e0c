package dev.sitewatch.kda.model;

/** A record that is not a valid order line: its raw text, why it was rejected, and where it came from. */
public record DeadLetter(String payload, String reason, long arrivalTime, String origin) {
}
