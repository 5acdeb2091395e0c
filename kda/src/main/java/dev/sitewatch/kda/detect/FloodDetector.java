package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.Contributor;
import dev.sitewatch.kda.model.OrderLine;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Detects floods of orders per key over an exact trailing window, and throttles the alarms.
 *
 * <p><b>Window.</b> At event time {@code t} the window holds the orders that arrived in {@code (t - window, t]}.
 * Orders wait in {@code pending} until the watermark passes their time, then are counted in time order, all orders
 * of one millisecond together; so the result does not depend on how records of several shards interleave, and the
 * same input always yields the same alarms. An order that is already behind the watermark when it arrives is
 * counted at the watermark's time instead of being dropped.
 *
 * <p><b>Throttle.</b> The first time the count reaches the threshold, an alarm goes out at once. While the flood
 * lasts, at most one more alarm per throttle interval, carrying the highest count reached since the previous alarm
 * (the latest time it was reached when there are several). The flood ends when the count has stayed under the
 * threshold for a whole window; a momentary dip keeps the flood going, so a count that flaps around the threshold
 * raises no storm. A peak that was still waiting for the throttle when the flood ends is not reported: the
 * alarms say that a flood is on, not how it ended.
 *
 * <p><b>State</b> is bounded by the orders of one window per key: each order leaves the window on a timer, and a
 * key with no orders in its window and no flood holds no state at all.
 */
public class FloodDetector extends KeyedProcessFunction<String, OrderLine, Alarm> {

    private static final TypeInformation<List<WindowEntry>> ENTRIES = Types.LIST(Types.POJO(WindowEntry.class));

    private final FloodRule rule;

    private transient MapState<Long, List<WindowEntry>> pending;
    private transient MapState<Long, List<WindowEntry>> window;
    private transient ValueState<Integer> count;
    private transient MapState<String, Integer> customers;
    private transient MapState<String, Integer> countries;
    private transient MapState<String, Integer> stockCodes;
    private transient ValueState<FloodState> flood;

    public FloodDetector(FloodRule rule) {
        this.rule = rule;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, ENTRIES));
        window = getRuntimeContext().getMapState(new MapStateDescriptor<>("window", Types.LONG, ENTRIES));
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.INT));
        customers = getRuntimeContext().getMapState(new MapStateDescriptor<>("customers", Types.STRING, Types.INT));
        countries = getRuntimeContext().getMapState(new MapStateDescriptor<>("countries", Types.STRING, Types.INT));
        stockCodes = getRuntimeContext().getMapState(new MapStateDescriptor<>("stockCodes", Types.STRING, Types.INT));
        flood = getRuntimeContext().getState(new ValueStateDescriptor<>("flood", Types.POJO(FloodState.class)));
    }

    @Override
    public void processElement(OrderLine order, Context ctx, Collector<Alarm> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long time = ctx.timestamp() > watermark ? ctx.timestamp() : watermark + 1;
        List<WindowEntry> entries = pending.get(time);
        if (entries == null) {
            entries = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(time);
        }
        entries.add(new WindowEntry(order.customer(), order.country(), order.stockCode()));
        pending.put(time, entries);
    }

    /**
     * One timer per millisecond that matters: orders arriving, orders leaving the window, a throttle slot, or the
     * end of a dip. Whatever fired it, the same steps run, so timers that coincide need no special care.
     */
    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<Alarm> out) throws Exception {
        List<WindowEntry> leaving = window.get(time - rule.windowMillis());
        if (leaving != null) {
            window.remove(time - rule.windowMillis());
            countOut(leaving);
        }
        List<WindowEntry> arriving = pending.get(time);
        if (arriving != null) {
            pending.remove(time);
            window.put(time, arriving);
            countIn(arriving);
            ctx.timerService().registerEventTimeTimer(time + rule.windowMillis());
        }
        int current = count.value() == null ? 0 : count.value();
        FloodState state = flood.value();

        if (arriving != null && current >= rule.threshold()) {
            if (state == null) {
                out.collect(alarm(ctx.getCurrentKey(), time, current));
                state = new FloodState(time, FloodState.NOT_BELOW, null);
                ctx.timerService().registerEventTimeTimer(time + rule.throttleMillis());
            } else {
                boolean higher = state.pending() == null || current >= state.pending().orderCount();
                state = state.withPending(higher ? alarm(ctx.getCurrentKey(), time, current) : state.pending());
            }
        }
        if (state != null) {
            if (current < rule.threshold() && !state.isBelow()) {
                state = state.withBelowSince(time);
                ctx.timerService().registerEventTimeTimer(time + rule.windowMillis());
            }
            if (state.pending() != null && time >= state.lastAlarmAt() + rule.throttleMillis()) {
                out.collect(state.pending());
                state = new FloodState(time, state.belowSince(), null);
                ctx.timerService().registerEventTimeTimer(time + rule.throttleMillis());
            }
            if (state.isBelow() && time >= state.belowSince() + rule.windowMillis()) {
                state = null;
            }
        }
        if (state == null) {
            flood.clear();
        } else {
            flood.update(state);
        }
    }

    private Alarm alarm(String key, long windowEnd, int orderCount) throws Exception {
        String alarmKey = rule.type().perKey() ? key : null;
        int windowSeconds = (int) rule.window().toSeconds();
        return new Alarm(
                AlarmIds.of(rule.type(), alarmKey, windowEnd, orderCount, rule.threshold(), windowSeconds),
                rule.type(), alarmKey, windowEnd - rule.windowMillis(), windowEnd, windowSeconds, orderCount,
                rule.threshold(), top(customers), top(countries), top(stockCodes));
    }

    private static Contributor[] top(MapState<String, Integer> counts) throws Exception {
        return TopContributors.of(counts.entries());
    }

    private void countIn(List<WindowEntry> entries) throws Exception {
        count.update((count.value() == null ? 0 : count.value()) + entries.size());
        for (WindowEntry entry : entries) {
            add(customers, entry.customer(), 1);
            add(countries, entry.country(), 1);
            add(stockCodes, entry.stockCode(), 1);
        }
    }

    private void countOut(List<WindowEntry> entries) throws Exception {
        int left = count.value() - entries.size();
        if (left == 0) {
            count.clear();
        } else {
            count.update(left);
        }
        for (WindowEntry entry : entries) {
            add(customers, entry.customer(), -1);
            add(countries, entry.country(), -1);
            add(stockCodes, entry.stockCode(), -1);
        }
    }

    // Blank values are not contributors: a quarter of real lines have no customer, and "" topping the list says
    // nothing to whoever reads the alarm.
    private static void add(MapState<String, Integer> counts, String value, int delta) throws Exception {
        if (value == null || value.isBlank()) {
            return;
        }
        Integer before = counts.get(value);
        int after = (before == null ? 0 : before) + delta;
        if (after == 0) {
            counts.remove(value);
        } else {
            counts.put(value, after);
        }
    }
}
