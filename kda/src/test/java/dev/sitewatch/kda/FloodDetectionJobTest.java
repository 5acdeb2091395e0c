package dev.sitewatch.kda;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.AlarmType;
import dev.sitewatch.kda.model.Contributor;
import dev.sitewatch.kda.model.DeadLetter;
import dev.sitewatch.kda.model.FloodEnd;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.sitewatch.kda.Fixtures.SECOND;
import static dev.sitewatch.kda.Fixtures.T0;
import static dev.sitewatch.kda.Fixtures.json;
import static dev.sitewatch.kda.Fixtures.lineAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The whole job on a MiniCluster at parallelism 2, from raw lines to alarms, on bounded input: parsing, dead
 * letters, the cancellation filter, both detectors, and POJO-only serialization between them (build() disables
 * generic types, so a Kryo fallback would fail these runs).
 */
class FloodDetectionJobTest {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    @Test
    void aThreeMinuteFloodAmidGarbageAndCancellationsGivesTheThrottledAlarms() throws Exception {
        Run run = run(threeMinuteFloodWithNoise(), Fixtures.config());

        assertThat(run.alarms()).extracting(Alarm::type, Alarm::windowEnd, Alarm::orderCount)
                .containsExactly(
                        tuple(AlarmType.ORDER_FLOOD, T0 + 7_250, 30),
                        tuple(AlarmType.ORDER_FLOOD, T0 + 67_250, 60),
                        tuple(AlarmType.ORDER_FLOOD, T0 + 127_250, 60),
                        tuple(AlarmType.ORDER_FLOOD, T0 + 179_750, 60));
        assertThat(run.alarms().get(0).topCustomers()).containsExactly(
                new Contributor("c0", 3), new Contributor("c1", 3), new Contributor("c2", 3),
                new Contributor("c3", 3), new Contributor("c4", 3));
        assertThat(run.deadLetters()).hasSize(180)
                .allSatisfy(letter -> assertThat(letter.payload()).startsWith("<html>"));
        assertThat(run.alarms()).extracting(Alarm::floodId).containsOnly(run.alarms().get(0).alarmId());
        assertThat(run.floodEnds()).containsExactly(new FloodEnd(AlarmType.ORDER_FLOOD, null,
                run.alarms().get(0).alarmId(), T0 + 7_250, T0 + 202_500, 60, T0 + 179_750, 4, 60, 0, 30, 15));
    }

    @Test
    void theSameInputGivesTheSameAlarmIds() throws Exception {
        List<RawRecord> input = threeMinuteFloodWithNoise();

        List<String> first = run(input, Fixtures.config()).alarms().stream().map(Alarm::alarmId).toList();
        List<String> second = run(input, Fixtures.config()).alarms().stream().map(Alarm::alarmId).toList();

        assertThat(first).hasSize(4).doesNotHaveDuplicates().isEqualTo(second);
    }

    @Test
    void aCustomerFloodIsReportedPerCustomerAndBlankCustomersAreLeftOut() throws Exception {
        // 25 lines of customer 14911 and 25 without a customer, interleaved every 50 ms.
        List<RawRecord> input = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            input.add(lineAt(T0 + i * 100L, json("5800" + i, "22728", "14911", "France")));
            input.add(lineAt(T0 + i * 100L + 50, json("5801" + i, "85123A", "", "United Kingdom")));
        }

        Run run = run(input, Fixtures.config());

        assertThat(run.alarms()).extracting(Alarm::type, Alarm::key, Alarm::windowEnd, Alarm::orderCount)
                .containsExactly(
                        tuple(AlarmType.ORDER_FLOOD, null, T0 + 1_450, 30),
                        tuple(AlarmType.CUSTOMER_FLOOD, "14911", T0 + 1_900, 20));
        assertThat(run.alarms().get(0).topCustomers()).containsExactly(new Contributor("14911", 15));
        assertThat(run.alarms().get(0).topCountries()).containsExactly(
                new Contributor("France", 15), new Contributor("United Kingdom", 15));
    }

    @Test
    void cancellationsDoNotCountUnlessConfiguredTo() throws Exception {
        List<RawRecord> input = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            input.add(lineAt(T0 + i * 100L, json("C5364" + i, "22728", "", "France")));
        }

        assertThat(run(input, Fixtures.config()).alarms()).isEmpty();
        assertThat(run(input, Fixtures.config(Map.of("count.cancellations", "true"))).alarms())
                .extracting(Alarm::type, Alarm::windowEnd).containsExactly(tuple(AlarmType.ORDER_FLOOD, T0 + 2_900));
    }

    /**
     * Four order lines a second for three minutes from ten customers in turn, one unparseable line a second, and
     * two cancellations a second that must not count.
     */
    private static List<RawRecord> threeMinuteFloodWithNoise() {
        List<RawRecord> input = new ArrayList<>();
        for (int i = 0; i < 720; i++) {
            long time = T0 + i * 250L;
            input.add(lineAt(time, json("5363" + i, "SC" + (i % 3), "c" + (i % 10), "United Kingdom")));
            if (i % 2 == 0) {
                input.add(lineAt(time + 60, json("C5363" + i, "SC1", "c1", "United Kingdom")));
            }
            if (i % 4 == 1) {
                input.add(lineAt(time + 1, "<html>502 Bad Gateway</html>"));
            }
        }
        return input;
    }

    private record Run(List<Alarm> alarms, List<FloodEnd> floodEnds, List<DeadLetter> deadLetters) {
    }

    private static Run run(List<RawRecord> input, DetectorConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        CollectingSink<Alarm> alarms = new CollectingSink<>();
        CollectingSink<FloodEnd> floodEnds = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();

        JobStreams streams = FloodDetectionJob.build(env, ListSource.of(input), alarms, config);
        streams.floodEnds().sinkTo(floodEnds);
        streams.deadLetters().sinkTo(deadLetters);
        env.execute();

        List<Alarm> sorted = new ArrayList<>(alarms.values());
        sorted.sort(Comparator.comparing(Alarm::windowEnd).thenComparing(Alarm::type));
        return new Run(sorted, floodEnds.values(), deadLetters.values());
    }
}
