package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.detect.DetectorHarness.Emitted;
import dev.sitewatch.kda.detect.DetectorHarness.Ended;
import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.AlarmType;
import dev.sitewatch.kda.model.Contributor;
import dev.sitewatch.kda.model.FloodEnd;
import dev.sitewatch.kda.model.OrderLine;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.sitewatch.kda.Fixtures.MINUTE;
import static dev.sitewatch.kda.Fixtures.SECOND;
import static dev.sitewatch.kda.Fixtures.T0;
import static dev.sitewatch.kda.Fixtures.orderAt;
import static dev.sitewatch.kda.Fixtures.ordersEvery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The detection semantics, one operator in the test harness, driven by watermarks. */
class FloodDetectorTest {

    private static final FloodRule ORDERS =
            new FloodRule(AlarmType.ORDER_FLOOD, 30, Duration.ofSeconds(15), Duration.ofSeconds(60));
    private static final FloodRule CUSTOMERS =
            new FloodRule(AlarmType.CUSTOMER_FLOOD, 20, Duration.ofSeconds(15), Duration.ofSeconds(60));

    @Test
    void noAlarmBelowTheThresholdAndNoStateLeft() throws Exception {
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(ordersEvery(T0, 100, 29)).watermark(T0 + 10 * SECOND);

            assertThat(detector.alarms()).isEmpty();
            assertThat(detector.stateEntries()).isPositive();

            detector.watermark(T0 + MINUTE);
            assertThat(detector.alarms()).isEmpty();
            assertThat(detector.stateEntries()).isZero();
            assertThat(detector.timers()).isZero();
        }
    }

    @Test
    void alarmsAtTheExactCrossingRecord() throws Exception {
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(ordersEvery(T0, 100, 35));

            detector.watermark(T0 + 2899);
            assertThat(detector.alarms()).isEmpty();

            detector.watermark(T0 + 2900).watermark(T0 + 10 * SECOND);
            assertThat(detector.emitted()).singleElement().satisfies(e -> {
                assertThat(e.at()).isEqualTo(T0 + 2900);
                Alarm alarm = e.alarm();
                assertThat(alarm.type()).isEqualTo(AlarmType.ORDER_FLOOD);
                assertThat(alarm.key()).isNull();
                assertThat(alarm.orderCount()).isEqualTo(30);
                assertThat(alarm.threshold()).isEqualTo(30);
                assertThat(alarm.windowEnd()).isEqualTo(T0 + 2900);
                assertThat(alarm.windowStart()).isEqualTo(T0 + 2900 - 15 * SECOND);
                assertThat(alarm.windowSeconds()).isEqualTo(15);
                assertThat(alarm.alarmId()).startsWith("ORDER_FLOOD-" + (T0 + 2900) + "-")
                        .hasSizeLessThanOrEqualTo(64).matches("[A-Za-z0-9_-]+");
            });
        }
    }

    @Test
    void windowStartIsExclusive() throws Exception {
        // 29 orders at T0, 1 exactly 15 s later: at T0 + 15 s the first 29 have just left the window.
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 0, 29));
            orders.add(orderAt(T0 + 15 * SECOND));
            detector.process(orders).watermark(T0 + MINUTE);
            assertThat(detector.alarms()).isEmpty();
        }
        // ...and one millisecond earlier they are all in it.
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 0, 29));
            orders.add(orderAt(T0 + 15 * SECOND - 1));
            detector.process(orders).watermark(T0 + MINUTE);
            assertThat(detector.alarms()).extracting(Alarm::orderCount, Alarm::windowEnd)
                    .containsExactly(tuple(30, T0 + 15 * SECOND - 1));
        }
    }

    @Test
    void aThreeMinuteFloodAlarmsOncePerThrottleInterval() throws Exception {
        // 4 orders a second for 180 s: 60 in every full window. Crossing at the 30th order (T0 + 7.25 s); then a
        // throttled alarm every 60 s with the highest count since the last one; the last one comes from the
        // throttle slot after the orders stopped and reports the last order at which 60 was reached.
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(ordersEvery(T0, 250, 720)).advance(T0, T0 + 5 * MINUTE, 250);

            assertThat(detector.emitted())
                    .extracting(Emitted::at, e -> e.alarm().windowEnd(), e -> e.alarm().orderCount())
                    .containsExactly(
                            tuple(T0 + 7_250, T0 + 7_250, 30),
                            tuple(T0 + 67_250, T0 + 67_250, 60),
                            tuple(T0 + 127_250, T0 + 127_250, 60),
                            tuple(T0 + 187_250, T0 + 179_750, 60));
            assertThat(detector.alarms()).extracting(Alarm::alarmId).doesNotHaveDuplicates();
            // Each says when it was raised: the last one's peak is 7.5 s older than the alarm.
            assertThat(detector.emitted()).allSatisfy(e -> assertThat(e.alarm().raisedAt()).isEqualTo(e.at()));
            // The count falls under 30 at T0 + 187.5 s, when the order of T0 + 172.5 s leaves; a window later
            // the flood is over. Its peak of 60 was last reached by the last order.
            assertThat(detector.ended()).containsExactly(new Ended(T0 + 202_500, new FloodEnd(
                    AlarmType.ORDER_FLOOD, null, detector.alarms().get(0).alarmId(), T0 + 7_250, T0 + 202_500,
                    60, T0 + 179_750, 4, 60, 0, 30, 15)));
            assertThat(detector.stateEntries()).isZero();
            assertThat(detector.timers()).isZero();
        }
    }

    @Test
    void aThrottledAlarmCarriesTheHighestCountSinceTheLastOne() throws Exception {
        // Two orders a second hold the count at exactly 30; a burst of 10 at T0 + 30.25 s lifts it to 40 until the
        // burst leaves the window at T0 + 45.25 s. The throttled alarm at T0 + 74.5 s reports 40, reached last at
        // T0 + 45 s, not the 30 of that moment.
        List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 500, 240));
        orders.addAll(ordersEvery(T0 + 30_250, 0, 10));
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(orders).advance(T0, T0 + 80 * SECOND, 250);

            assertThat(detector.emitted())
                    .extracting(Emitted::at, e -> e.alarm().windowEnd(), e -> e.alarm().raisedAt(),
                            e -> e.alarm().orderCount())
                    .containsExactly(
                            tuple(T0 + 14_500, T0 + 14_500, T0 + 14_500, 30),
                            tuple(T0 + 74_500, T0 + 45_000, T0 + 74_500, 40));
        }
    }

    @Test
    void aThrottledAlarmDescribesTheWindowOfItsCountNotTheWindowWhenItIsSent() throws Exception {
        // As above, with customer A as the steady traffic and customer Z as the burst: at T0 + 45 s the window held
        // 30 of A and 10 of Z; when the alarm goes out at T0 + 74.5 s, Z is long gone from the window.
        List<StreamRecord<OrderLine>> orders = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            orders.add(orderAt(T0 + i * 500L, "A", "United Kingdom", "85123A"));
        }
        for (int i = 0; i < 10; i++) {
            orders.add(orderAt(T0 + 30_250, "Z", "France", "22728"));
        }
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(orders).advance(T0, T0 + 80 * SECOND, 250);

            assertThat(detector.emitted()).hasSize(2);
            Alarm throttled = detector.emitted().get(1).alarm();
            assertThat(throttled.windowEnd()).isEqualTo(T0 + 45_000);
            assertThat(throttled.topCustomers()).containsExactly(new Contributor("A", 30), new Contributor("Z", 10));
            assertThat(throttled.topCountries())
                    .containsExactly(new Contributor("United Kingdom", 30), new Contributor("France", 10));
        }
    }

    @Test
    void aFloodThatEndedAndReturnsAlarmsAtOnce() throws Exception {
        // Flood 1: 40 orders in 4 s. The count falls under 30 at T0 + 16 s; after a whole window under it
        // (T0 + 31 s) the flood is over. Flood 2 crosses at T0 + 42.9 s, well inside the throttle interval of
        // flood 1's alarm, and alarms at once all the same.
        List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 100, 40));
        orders.addAll(ordersEvery(T0 + 40 * SECOND, 100, 40));
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(orders).advance(T0, T0 + 3 * MINUTE, 100);

            assertThat(detector.emitted())
                    .extracting(Emitted::at, e -> e.alarm().orderCount())
                    .containsExactly(tuple(T0 + 2_900, 30), tuple(T0 + 42_900, 30));
            List<Alarm> alarms = detector.alarms();
            assertThat(detector.ended()).containsExactly(
                    new Ended(T0 + 31_000, new FloodEnd(AlarmType.ORDER_FLOOD, null, alarms.get(0).alarmId(),
                            T0 + 2_900, T0 + 31_000, 40, T0 + 3_900, 1, 30, 0, 30, 15)),
                    new Ended(T0 + 71_000, new FloodEnd(AlarmType.ORDER_FLOOD, null, alarms.get(1).alarmId(),
                            T0 + 42_900, T0 + 71_000, 40, T0 + 43_900, 1, 30, 0, 30, 15)));
        }
    }

    @Test
    void everyAlarmOfAFloodCarriesTheIdOfItsFirstAndTheNextFloodHasItsOwn() throws Exception {
        // The three-minute flood (4 alarms, the last one built ahead of its throttle slot), over at T0 + 202.5 s;
        // then 40 orders from T0 + 240 s: a new flood.
        List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 250, 720));
        orders.addAll(ordersEvery(T0 + 240 * SECOND, 100, 40));
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(orders).advance(T0, T0 + 5 * MINUTE, 250);

            List<Emitted> emitted = detector.emitted();
            assertThat(emitted).hasSize(5);
            assertThat(emitted.get(3).at()).as("a candidate built before it was due")
                    .isNotEqualTo(emitted.get(3).alarm().windowEnd());
            String first = emitted.get(0).alarm().alarmId();
            String second = emitted.get(4).alarm().alarmId();
            assertThat(detector.alarms()).extracting(Alarm::floodId)
                    .containsExactly(first, first, first, first, second);
            assertThat(second).isNotEqualTo(first);
            assertThat(detector.floodEnds()).extracting(FloodEnd::floodId).containsExactly(first, second);
        }
    }

    @Test
    void aFloodEndTellsTheCountOfItsLastAlarmAndTheCountAtTheEnd() throws Exception {
        // Throttle 5 s. 30 orders at T0 alarm at once; 20 more at T0 + 2 s make the peak of 50, alarmed at the slot
        // (T0 + 5 s). The first 30 leave at T0 + 15 s (20, under), 12 orders at T0 + 16 s lift it to 32, alarmed at
        // once (the slot is long past); the 20 leave at T0 + 17 s (12, under). An order a second from T0 + 20 s
        // keeps coming: at the end, T0 + 32 s, the window holds 13 of them.
        FloodRule rule = new FloodRule(AlarmType.ORDER_FLOOD, 30, Duration.ofSeconds(15), Duration.ofSeconds(5));
        List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 0, 30));
        orders.addAll(ordersEvery(T0 + 2 * SECOND, 0, 20));
        orders.addAll(ordersEvery(T0 + 16 * SECOND, 0, 12));
        orders.addAll(ordersEvery(T0 + 20 * SECOND, SECOND, 41));
        try (DetectorHarness detector = DetectorHarness.allOrders(rule)) {
            detector.process(orders).advance(T0, T0 + 2 * MINUTE, 100);

            assertThat(detector.emitted())
                    .extracting(Emitted::at, e -> e.alarm().windowEnd(), e -> e.alarm().orderCount())
                    .containsExactly(
                            tuple(T0, T0, 30),
                            tuple(T0 + 5_000, T0 + 2_000, 50),
                            tuple(T0 + 16_000, T0 + 16_000, 32));
            assertThat(detector.ended()).containsExactly(new Ended(T0 + 32_000, new FloodEnd(AlarmType.ORDER_FLOOD,
                    null, detector.alarms().get(0).alarmId(), T0, T0 + 32_000, 50, T0 + 2_000, 3, 32, 13, 30, 15)));
            assertThat(detector.stateEntries()).isZero();
        }
    }

    @Test
    void aFloodRestoredWithoutItsIdTakesItsNextAlarmAsItsFirst() throws Exception {
        // State written before floods kept their first alarm's id restores it as null (and the start as 0): the
        // next alarm names the flood from then on.
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(ordersEvery(T0, 250, 720)).advance(T0, T0 + 10 * SECOND, 250)
                    .changeFlood(AllOrders.KEY, s -> new FloodState(s.lastAlarmAt(), s.belowSince(), s.bestCount(),
                            s.bestAt(), s.best(), null, 0, s.peakCount(), s.peakAt(), s.alarms(), 0))
                    .advance(T0 + 10 * SECOND, T0 + 5 * MINUTE, 250);

            List<Alarm> alarms = detector.alarms();
            assertThat(alarms).hasSize(4);
            String renamed = alarms.get(1).alarmId();
            assertThat(alarms).extracting(Alarm::floodId)
                    .containsExactly(alarms.get(0).alarmId(), renamed, renamed, renamed);
            assertThat(detector.floodEnds()).singleElement().satisfies(end -> {
                assertThat(end.floodId()).isEqualTo(renamed);
                assertThat(end.startedAt()).isEqualTo(alarms.get(1).windowEnd());
                assertThat(end.alarms()).isEqualTo(4);
                assertThat(end.lastCount()).isEqualTo(60);
            });
        }
        // ...and one that ends before another alarm ends without a FloodEnd: there is nothing to pair it with.
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(ordersEvery(T0, 100, 40)).advance(T0, T0 + 10 * SECOND, 100)
                    .changeFlood(AllOrders.KEY, s -> new FloodState(s.lastAlarmAt(), s.belowSince(), s.bestCount(),
                            s.bestAt(), s.best(), null, 0, s.peakCount(), s.peakAt(), s.alarms(), 0))
                    .advance(T0 + 10 * SECOND, T0 + MINUTE, 100);

            assertThat(detector.alarms()).hasSize(1);
            assertThat(detector.floodEnds()).isEmpty();
            assertThat(detector.stateEntries()).isZero();
        }
    }

    @Test
    void aCandidateBuiltBeforeAlarmsCarriedTheirFloodGetsTheFloodsId() throws Exception {
        // In the three-minute flood the last alarm's candidate is built at T0 + 180 s, when the window changes, and
        // sent at T0 + 187.25 s. Restored from older state, that built alarm has no floodId.
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(ordersEvery(T0, 250, 720)).advance(T0, T0 + 185 * SECOND, 250)
                    .changeFlood(AllOrders.KEY, s -> {
                        Alarm b = s.best();
                        assertThat(b).as("the candidate is built").isNotNull();
                        return s.withBest(new Alarm(b.alarmId(), null, b.type(), b.key(), b.windowStart(),
                                b.windowEnd(), b.raisedAt(), b.windowSeconds(), b.orderCount(), b.threshold(), b.topCustomers(),
                                b.topCountries(), b.topStockCodes()));
                    })
                    .advance(T0 + 185 * SECOND, T0 + 5 * MINUTE, 250);

            List<Alarm> alarms = detector.alarms();
            assertThat(alarms).hasSize(4);
            assertThat(alarms.get(3).windowEnd()).isEqualTo(T0 + 179_750);
            assertThat(alarms).extracting(Alarm::floodId).containsOnly(alarms.get(0).alarmId());
        }
    }

    @Test
    void aMomentaryDipDoesNotStartANewFlood() throws Exception {
        // Flood 1 as above; its count dips under 30 at T0 + 16 s. Orders come back at T0 + 25 s, 10 a second for
        // 40 s, crossing 30 again at T0 + 27.9 s: only 11.9 s into the dip, so it is the same flood and waits for
        // the throttle slot at T0 + 62.9 s, which reports the highest count (150) and its latest time.
        List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 100, 40));
        orders.addAll(ordersEvery(T0 + 25 * SECOND, 100, 400));
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(orders).advance(T0, T0 + 3 * MINUTE, 100);

            assertThat(detector.emitted())
                    .extracting(Emitted::at, e -> e.alarm().windowEnd(), e -> e.alarm().orderCount())
                    .containsExactly(tuple(T0 + 2_900, T0 + 2_900, 30), tuple(T0 + 62_900, T0 + 62_900, 150));
        }
    }

    @Test
    void aPeakStillThrottledWhenTheFloodEndsIsNotReported() throws Exception {
        // Flood 2 (40 orders from T0 + 25 s) belongs to flood 1, but the flood is over at T0 + 56 s, before the
        // throttle slot at T0 + 62.9 s: alarms report floods in progress, so its peak of 40 is not sent.
        List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 100, 40));
        orders.addAll(ordersEvery(T0 + 25 * SECOND, 100, 40));
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(orders).advance(T0, T0 + 3 * MINUTE, 100);

            assertThat(detector.emitted()).extracting(Emitted::at).containsExactly(T0 + 2_900);
            // The flood's end still tells its peak: 40 again, last reached by flood 2's last order.
            assertThat(detector.ended()).containsExactly(new Ended(T0 + 56_000, new FloodEnd(AlarmType.ORDER_FLOOD,
                    null, detector.alarms().get(0).alarmId(), T0 + 2_900, T0 + 56_000, 40, T0 + 28_900, 1, 30, 0, 30,
                    15)));
            assertThat(detector.stateEntries()).isZero();
        }
    }

    @Test
    void aCountFlappingAroundTheThresholdRaisesNoStorm() throws Exception {
        // For three minutes, each half second brings 0, 1 or 2 orders (mostly 1): the count wanders around 30,
        // crossing the threshold again and again, but never stays under it for a whole window.
        Random random = new Random(5);
        List<Long> times = new ArrayList<>();
        for (int slot = 0; slot < 360; slot++) {
            double draw = random.nextDouble();
            int orders = draw < 0.12 ? 0 : draw < 0.86 ? 1 : 2;
            for (int i = 0; i < orders; i++) {
                times.add(T0 + slot * 500L + random.nextInt(500));
            }
        }
        Collections.sort(times);
        Trace trace = Trace.of(times, 30, 15 * SECOND);
        assertThat(trace.upwardCrossings()).as("the input really flaps").isGreaterThanOrEqualTo(10);
        assertThat(trace.longestDipAfterFirstCrossing()).as("no dip lasts a whole window").isLessThan(15 * SECOND);

        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(times.stream().map(t -> orderAt(t)).toList()).advance(T0, T0 + 5 * MINUTE, 50);

            List<Emitted> emitted = detector.emitted();
            assertThat(emitted).hasSizeBetween(1, 4);
            for (int i = 1; i < emitted.size(); i++) {
                assertThat(emitted.get(i).at() - emitted.get(i - 1).at()).isGreaterThanOrEqualTo(MINUTE);
            }
        }
    }

    @Test
    void topContributorsAreCountedAndOrderedCountDescThenKeyAsc() throws Exception {
        List<StreamRecord<OrderLine>> orders = new ArrayList<>();
        String[] customers = {"A", "A", "A", "A", "A", "A", "A", "A", "B", "B", "B", "B", "B", "B", "B", "B",
                "C", "C", "C", "C", "C", "E", "E", "E", "D", "D", "D", "F", "F", " "};
        for (int i = 0; i < customers.length; i++) {
            String country = i < 20 ? "United Kingdom" : i < 25 ? "Germany" : "France";
            String stockCode = "S" + (i % 7);
            orders.add(orderAt(T0 + i, customers[i], country, stockCode));
        }
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(orders).watermark(T0 + SECOND);

            Alarm alarm = detector.alarms().get(0);
            assertThat(alarm.topCustomers()).containsExactly(
                    new Contributor("A", 8), new Contributor("B", 8), new Contributor("C", 5),
                    new Contributor("D", 3), new Contributor("E", 3));
            assertThat(alarm.topCountries()).containsExactly(
                    new Contributor("United Kingdom", 20), new Contributor("France", 5), new Contributor("Germany", 5));
            assertThat(alarm.topStockCodes()).containsExactly(
                    new Contributor("S0", 5), new Contributor("S1", 5), new Contributor("S2", 4),
                    new Contributor("S3", 4), new Contributor("S4", 4));
        }
    }

    @Test
    void customerFloodsAreDetectedPerCustomer() throws Exception {
        List<StreamRecord<OrderLine>> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(orderAt(T0 + i * 100L, "12583", "France", "22728"));
            if (i < 19) {
                orders.add(orderAt(T0 + i * 100L + 50, "17850", "United Kingdom", "85123A"));
            }
        }
        try (DetectorHarness detector = DetectorHarness.byCustomer(CUSTOMERS)) {
            detector.process(orders).watermark(T0 + MINUTE);

            assertThat(detector.emitted()).singleElement().satisfies(e -> {
                Alarm alarm = e.alarm();
                assertThat(alarm.type()).isEqualTo(AlarmType.CUSTOMER_FLOOD);
                assertThat(alarm.key()).isEqualTo("12583");
                assertThat(alarm.orderCount()).isEqualTo(20);
                assertThat(alarm.threshold()).isEqualTo(20);
                assertThat(alarm.windowEnd()).isEqualTo(T0 + 1_900);
                assertThat(alarm.topCustomers()).containsExactly(new Contributor("12583", 20));
                assertThat(alarm.alarmId()).startsWith("CUSTOMER_FLOOD-");
            });
            assertThat(detector.floodEnds()).containsExactly(new FloodEnd(AlarmType.CUSTOMER_FLOOD, "12583",
                    detector.alarms().get(0).alarmId(), T0 + 1_900, T0 + 30_000, 20, T0 + 1_900, 1, 20, 0, 20, 15));
            assertThat(detector.stateEntries()).isZero();
        }
    }

    @Test
    void ordersOutOfOrderBeforeTheWatermarkGiveTheSameAlarms() throws Exception {
        List<StreamRecord<OrderLine>> orders = new ArrayList<>(ordersEvery(T0, 250, 400));
        List<Alarm> inOrder;
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            inOrder = detector.process(orders).advance(T0, T0 + 3 * MINUTE, SECOND).alarms();
        }
        Collections.shuffle(orders, new Random(7));
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            assertThat(detector.process(orders).advance(T0, T0 + 3 * MINUTE, SECOND).alarms())
                    .hasSize(2).isEqualTo(inOrder);
        }
    }

    @Test
    void anOrderBehindTheWatermarkIsCountedAtTheWatermark() throws Exception {
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(ordersEvery(T0, 100, 29)).watermark(T0 + 5 * SECOND);
            detector.process(orderAt(T0 + 3 * SECOND)).watermark(T0 + 6 * SECOND);

            assertThat(detector.alarms()).extracting(Alarm::orderCount, Alarm::windowEnd)
                    .containsExactly(tuple(30, T0 + 5 * SECOND + 1));
        }
    }

    @Test
    void aRestoreFromASnapshotNeitherMissesNorRepeatsAnAlarm() throws Exception {
        List<StreamRecord<OrderLine>> orders = ordersEvery(T0, 250, 720);
        List<Emitted> uninterrupted;
        List<Ended> uninterruptedEnd;
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            uninterrupted = detector.process(orders).advance(T0, T0 + 5 * MINUTE, 250).emitted();
            uninterruptedEnd = detector.ended();
        }
        assertThat(uninterrupted).hasSize(4);
        assertThat(uninterruptedEnd).hasSize(1);

        // Snapshot mid-flood at T0 + 100 s, with a throttled alarm pending; the orders after the snapshot's source
        // position are replayed into the restored operator, as the Kinesis source would after a restart.
        long cut = T0 + 100 * SECOND;
        OperatorSubtaskState snapshot;
        List<Emitted> before;
        try (DetectorHarness detector = DetectorHarness.allOrders(ORDERS)) {
            detector.process(orders.stream().filter(o -> o.getTimestamp() <= cut + 2 * SECOND).toList())
                    .advance(T0, cut, 250);
            before = detector.emitted();
            snapshot = detector.snapshot();
        }
        List<Emitted> after;
        List<Ended> afterEnd;
        try (DetectorHarness detector = DetectorHarness.restore(ORDERS, snapshot)) {
            detector.process(orders.stream().filter(o -> o.getTimestamp() > cut + 2 * SECOND).toList())
                    .advance(cut + 250, T0 + 5 * MINUTE, 250);
            after = detector.emitted();
            afterEnd = detector.ended();
        }
        List<Emitted> restarted = new ArrayList<>(before);
        restarted.addAll(after);
        assertThat(before).hasSize(2);
        assertThat(restarted).isEqualTo(uninterrupted);
        // What the flood end sums up (first alarm, peak, alarm count) survives the restore.
        assertThat(afterEnd).isEqualTo(uninterruptedEnd);
    }

    /**
     * The exact trailing count after every distinct order time, computed the slow obvious way, to check what an
     * input does before asserting what the detector makes of it.
     */
    private record Trace(int upwardCrossings, long longestDipAfterFirstCrossing) {

        static Trace of(List<Long> sortedTimes, int threshold, long window) {
            // The count changes when an order arrives (t) and when one leaves (t + window).
            java.util.TreeSet<Long> moments = new java.util.TreeSet<>();
            for (long t : sortedTimes) {
                moments.add(t);
                moments.add(t + window);
            }
            int crossings = 0;
            boolean above = false;
            boolean crossed = false;
            long dipStart = -1;
            long longestDip = 0;
            for (long end : moments) {
                int count = 0;
                for (long t : sortedTimes) {
                    if (t > end - window && t <= end) {
                        count++;
                    }
                }
                boolean nowAbove = count >= threshold;
                if (nowAbove && !above) {
                    crossings++;
                    if (crossed && dipStart >= 0) {
                        longestDip = Math.max(longestDip, end - dipStart);
                    }
                    crossed = true;
                } else if (!nowAbove && above) {
                    dipStart = end;
                }
                above = nowAbove;
            }
            return new Trace(crossings, longestDip);
        }
    }
}
