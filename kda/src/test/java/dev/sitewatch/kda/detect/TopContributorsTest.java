package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.Contributor;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TopContributorsTest {

    @Test
    void fewerValuesThanPlacesAreAllListed() {
        assertThat(TopContributors.of(Map.<String, Integer>of().entrySet())).isEmpty();
        assertThat(TopContributors.of(Map.of("b", 1, "a", 1, "c", 2).entrySet()))
                .containsExactly(new Contributor("c", 2), new Contributor("a", 1), new Contributor("b", 1));
    }

    @Test
    void ranksLikeSortingEverythingByCountDescThenKeyAsc() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            Map<String, Integer> counts = new HashMap<>();
            int values = random.nextInt(40);
            for (int i = 0; i < values; i++) {
                counts.put("k" + random.nextInt(60), 1 + random.nextInt(6)); // few counts: many ties
            }
            List<Contributor> sorted = counts.entrySet().stream()
                    .map(e -> new Contributor(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingInt(Contributor::count).reversed().thenComparing(Contributor::key))
                    .limit(TopContributors.SIZE)
                    .toList();

            assertThat(TopContributors.of(counts.entrySet())).as("counts %s", counts).containsExactlyElementsOf(sorted);
        }
    }
}
