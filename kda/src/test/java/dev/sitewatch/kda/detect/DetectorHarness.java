package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.FloodEnd;
import dev.sitewatch.kda.model.OrderLine;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A {@link FloodDetector} in Flink's keyed operator test harness, with the watermark moved forward in steps so a
 * test can see at which event time each alarm came out.
 */
final class DetectorHarness implements AutoCloseable {

    /** An alarm and the watermark whose arrival made the detector emit it. */
    record Emitted(long at, Alarm alarm) {
    }

    /** A flood end and the watermark whose arrival made the detector emit it. */
    record Ended(long at, FloodEnd end) {
    }

    private final KeyedProcessOperator<String, OrderLine, Alarm> operator;
    private final KeyedOneInputStreamOperatorTestHarness<String, OrderLine, Alarm> harness;
    private final List<Emitted> emitted = new ArrayList<>();
    private final List<Ended> ended = new ArrayList<>();
    private long watermark = Long.MIN_VALUE;

    private DetectorHarness(FloodRule rule, KeySelector<OrderLine, String> keys, OperatorSubtaskState restored)
            throws Exception {
        operator = new KeyedProcessOperator<>(new FloodDetector(rule));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, keys, Types.STRING);
        harness.setup();
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    static DetectorHarness allOrders(FloodRule rule) throws Exception {
        return new DetectorHarness(rule, new AllOrders(), null);
    }

    static DetectorHarness byCustomer(FloodRule rule) throws Exception {
        return new DetectorHarness(rule, new ByCustomer(), null);
    }

    static DetectorHarness restore(FloodRule rule, OperatorSubtaskState snapshot) throws Exception {
        return new DetectorHarness(rule, new AllOrders(), snapshot);
    }

    DetectorHarness process(List<StreamRecord<OrderLine>> orders) throws Exception {
        for (StreamRecord<OrderLine> order : orders) {
            harness.processElement(order);
        }
        return this;
    }

    DetectorHarness process(StreamRecord<OrderLine> order) throws Exception {
        harness.processElement(order);
        return this;
    }

    /** Moves the watermark to {@code time}, recording what it fires. */
    DetectorHarness watermark(long time) throws Exception {
        harness.processWatermark(time);
        watermark = time;
        List<Alarm> all = harness.extractOutputValues();
        for (int i = emitted.size(); i < all.size(); i++) {
            emitted.add(new Emitted(time, all.get(i)));
        }
        var ends = harness.getSideOutput(FloodDetector.FLOOD_ENDS);
        if (ends != null) {
            ends.stream().skip(ended.size()).forEach(end -> ended.add(new Ended(time, end.getValue())));
        }
        return this;
    }

    /** Moves the watermark from {@code start} to {@code end} in steps of {@code step} ms. */
    DetectorHarness advance(long start, long end, long step) throws Exception {
        long next = start;
        while (next < end) {
            watermark(next);
            next += step;
        }
        return watermark(end);
    }

    List<Emitted> emitted() {
        return emitted;
    }

    List<Alarm> alarms() {
        return emitted.stream().map(Emitted::alarm).toList();
    }

    List<Ended> ended() {
        return ended;
    }

    List<FloodEnd> floodEnds() {
        return ended.stream().map(Ended::end).toList();
    }

    /** Rewrites the flood state of {@code key}, e.g. into what an older version of the detector left there. */
    DetectorHarness changeFlood(String key, UnaryOperator<FloodState> change) throws Exception {
        operator.setCurrentKey(key);
        ValueState<FloodState> flood = operator.getKeyedStateStore()
                .getState(new ValueStateDescriptor<>("flood", Types.POJO(FloodState.class)));
        flood.update(change.apply(flood.value()));
        return this;
    }

    int stateEntries() {
        return harness.numKeyedStateEntries();
    }

    int timers() {
        return harness.numEventTimeTimers();
    }

    OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(1L, watermark);
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
