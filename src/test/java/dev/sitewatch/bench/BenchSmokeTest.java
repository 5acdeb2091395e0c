package dev.sitewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sitewatch.local.emulator.Dynalite;

/** The benches on tiny input, so that they cannot rot between runs of {@code ./bench.sh}; no timing asserted. */
class BenchSmokeTest {

    @Test
    void archiverBenchWritesEveryLineInChunksOf25AndCountsTheRequests() {
        try (Dynalite dynalite = Dynalite.start(0)) {
            ArchiverBench bench = new ArchiverBench(dynalite.endpoint());

            ArchiverBench.Result clean = bench.run("smoke", BenchLines.records(1_010, 5, 0));
            ArchiverBench.Result dirty = bench.run("smokeDirty", BenchLines.records(400, 6, 0.05));

            assertThat(clean.written()).isEqualTo(1_010);
            assertThat(clean.quarantined()).isZero();
            // 500 + 500 + 10 lines: 20 + 20 + 1 BatchWriteItems on both sides; the archiver adds one counter update
            // per batch (the lines arrive within one minute)
            assertThat(clean.archiverRequests().calls()).isEqualTo(41 + 3);
            assertThat(clean.archiverRequests().updates()).isEqualTo(3);
            assertThat(clean.bareRequests().calls()).isEqualTo(41);
            assertThat(clean.requestsPerLine()).isEqualTo(44.0 / 1_010);
            assertThat(clean.counted()).isEqualTo(clean.countable()).isBetween(900L, 1_010L);
            assertThat(dirty.counted()).isEqualTo(dirty.countable());
            assertThat(clean.ratio()).isPositive();
            assertThat(dirty.quarantined()).isPositive();
            assertThat(dirty.written() + dirty.quarantined()).isEqualTo(400);
            assertThat(bench.client().listTables().tableNames()).noneMatch(t -> t.endsWith("smoke"));
        }
    }

    @Test
    void decodeBenchComparesTheParserWithReadTree() throws Exception {
        List<byte[]> lines = Bench.data(BenchLines.records(2_000, 7, 0));

        DecodeBench.Result result = DecodeBench.run(lines, 1, 1);

        assertThat(result.lines()).isEqualTo(2_000);
        assertThat(result.parseRate()).isPositive();
        assertThat(result.readTreeRate()).isPositive();
        assertThat(Bench.decoding(result)).contains("| 2,000 |");
    }
}
