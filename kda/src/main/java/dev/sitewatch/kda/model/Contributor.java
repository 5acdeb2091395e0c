package dev.sitewatch.kda.model;

/** A value (customer, country or stock code) and how many orders of the window carried it. */
public record Contributor(String key, int count) {
}
