package dev.sitewatch.api;

import java.util.List;

/**
 * A page of alarms, newest first.
 *
 * @param next the {@code cursor} of the next page, {@code null} on the last page
 */
public record AlarmPage(List<AlarmView> items, String next) {
}
