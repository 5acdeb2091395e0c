package dev.sitewatch.api;

import java.util.List;

/**
 * A page of floods, newest first.
 *
 * @param next the {@code cursor} of the next page, {@code null} on the last page
 */
public record FloodPage(List<FloodView> items, String next) {
}
