package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.Contributor;

import java.util.Arrays;
import java.util.Map;

/** The top values of a window: count descending, then key ascending so ties come out the same every time. */
public final class TopContributors {

    public static final int SIZE = 5;

    private TopContributors() {
    }

    /**
     * One pass keeping the best {@value #SIZE} seen so far in order: an alarm is built while a flood goes on, over
     * windows of thousands of distinct stock codes, so sorting them all each time would cost more than the counting.
     */
    public static Contributor[] of(Iterable<Map.Entry<String, Integer>> counts) {
        Contributor[] top = new Contributor[SIZE];
        int size = 0;
        for (Map.Entry<String, Integer> entry : counts) {
            int count = entry.getValue();
            String key = entry.getKey();
            if (size == SIZE && !ranksBefore(count, key, top[SIZE - 1])) {
                continue;
            }
            int at = size < SIZE ? size++ : SIZE - 1;
            while (at > 0 && ranksBefore(count, key, top[at - 1])) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = new Contributor(key, count);
        }
        return Arrays.copyOf(top, size);
    }

    private static boolean ranksBefore(int count, String key, Contributor other) {
        return count > other.count() || count == other.count() && key.compareTo(other.key()) < 0;
    }
}
