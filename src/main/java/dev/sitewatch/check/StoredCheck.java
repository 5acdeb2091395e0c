package dev.sitewatch.check;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A check as its item holds it: the definition, the prober's state, and the events of committed rounds that are not
 * known to be on the stream yet ({@code pending}: key → JSON, keys sort in the order the events were raised).
 */
record StoredCheck(Check check, CheckState state, SortedMap<String, String> pending) {

    StoredCheck {
        pending = new TreeMap<>(pending == null ? Map.of() : pending);
    }
}
