package dev.sitewatch.kda.detect;

/** What the detector keeps of one counted order while it is in the window: only what the top lists need. */
public record WindowEntry(String customer, String country, String stockCode) {
}
