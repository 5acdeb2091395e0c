package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.Contributor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The top values of a window: count descending, then key ascending so ties come out the same every time. */
public final class TopContributors {

    public static final int SIZE = 5;

    private static final Comparator<Contributor> ORDER =
            Comparator.comparingInt(Contributor::count).reversed().thenComparing(Contributor::key);

    private TopContributors() {
    }

    public static Contributor[] of(Iterable<Map.Entry<String, Integer>> counts) {
        List<Contributor> all = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : counts) {
            all.add(new Contributor(entry.getKey(), entry.getValue()));
        }
        all.sort(ORDER);
        return all.subList(0, Math.min(SIZE, all.size())).toArray(Contributor[]::new);
    }
}
