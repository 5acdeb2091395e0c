package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.Contributor;
import dev.sitewatch.kda.model.FloodEnd;
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
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * Detects floods of orders per key over an exact trailing window, and throttles the alarms.
 *
 * <p><b>Window.</b> At event time {@code t} the window holds the orders that arrived in {@code (t - window, t]}.
 * Orders are kept by arrival millisecond and wait until the watermark passes their time; then they are counted in
 * time order, all orders of one millisecond together; so the result does not depend on how records of several shards interleave, and the
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
 * <p><b>Flood id.</b> Every alarm carries its flood's id, the id of the flood's first alarm (its own, for the first).
 *
 * <p><b>End.</b> When a flood ends, a {@link FloodEnd} goes to {@link #FLOOD_ENDS}: its id, its peak (including a
 * peak that never got its alarm), how many alarms it raised, the count of the last one and the count at the end.
 *
 * <p><b>State</b> is bounded by the orders of one window per key: each order leaves the window on a timer, and a
 * key with no orders in its window and no flood holds no state at all.
 */
public class FloodDetector extends KeyedProcessFunction<String, OrderLine, Alarm> {

    public static final OutputTag<FloodEnd> FLOOD_ENDS =
            new OutputTag<>("flood-ends", TypeInformation.of(FloodEnd.class));

    private static final TypeInformation<List<WindowEntry>> ENTRIES = Types.LIST(Types.POJO(WindowEntry.class));

    private final FloodRule rule;

    /** Orders by arrival time: those after the watermark are waiting to be counted, the others are in the window. */
    private transient MapState<Long, List<WindowEntry>> orders;
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
        orders = getRuntimeContext().getMapState(new MapStateDescriptor<>("orders", Types.LONG, ENTRIES));
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
        // Once the watermark has passed a time its orders are counted, so nothing joins them afterwards.
        List<WindowEntry> entries = orders.get(time);
        if (entries == null) {
            entries = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(time);
        }
        entries.add(new WindowEntry(order.customer(), order.country(), order.stockCode()));
        orders.put(time, entries);
    }

    /**
     * One timer per millisecond that matters: orders arriving, orders leaving the window, a throttle slot, or the
     * end of a dip. Whatever fired it, the same steps run, so timers that coincide need no special care.
     */
    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<Alarm> out) throws Exception {
        String key = ctx.getCurrentKey();
        FloodState state = flood.value();
        int current = count.value() == null ? 0 : count.value();
        List<WindowEntry> leaving = orders.get(time - rule.windowMillis());
        List<WindowEntry> arriving = orders.get(time);

        // The window still holds what it held when the candidate was reached: build its alarm now unless the
        // orders arriving now will replace it.
        if (state != null && state.hasCandidate() && state.best() == null && (leaving != null || arriving != null)) {
            int next = current - size(leaving) + size(arriving);
            if (arriving == null || next < state.bestCount()) {
                state = state.withBest(alarm(key, state.bestAt(), state.bestCount(), state.firstAlarmId()));
            }
        }
        if (leaving != null) {
            orders.remove(time - rule.windowMillis());
            countOut(leaving);
            current -= leaving.size();
        }
        if (arriving != null) {
            countIn(arriving);
            current += arriving.size();
            ctx.timerService().registerEventTimeTimer(time + rule.windowMillis());
        }

        if (arriving != null && current >= rule.threshold()) {
            if (state == null) {
                Alarm first = alarm(key, time, current, null);
                out.collect(first);
                state = FloodState.startedBy(first);
                ctx.timerService().registerEventTimeTimer(time + rule.throttleMillis());
            } else if (current >= state.bestCount()) {
                state = state.withCandidate(current, time).reached(current, time);
            } else {
                state = state.notBelow().reached(current, time);
            }
        }
        if (state != null) {
            if (current < rule.threshold() && !state.isBelow()) {
                state = state.withBelowSince(time);
                ctx.timerService().registerEventTimeTimer(time + rule.windowMillis());
            }
            if (state.hasCandidate() && time >= state.lastAlarmAt() + rule.throttleMillis()) {
                // Not built yet means the window has not changed since the candidate was reached.
                Alarm repeat = (state.best() != null ? inFlood(state.best(), state.firstAlarmId())
                        : alarm(key, state.bestAt(), state.bestCount(), state.firstAlarmId())).raised(time);
                out.collect(repeat);
                state = state.alarmedAt(time, repeat);
                ctx.timerService().registerEventTimeTimer(time + rule.throttleMillis());
            }
            if (state.isBelow() && time >= state.belowSince() + rule.windowMillis()) {
                // Without an id (restored from older state, no alarm since) nothing could be paired with its end.
                if (state.firstAlarmId() != null) {
                    ctx.output(FLOOD_ENDS, new FloodEnd(rule.type(), alarmKey(key), state.firstAlarmId(),
                            state.startedAt(), time, state.peakCount(), state.peakAt(), state.alarms(),
                            state.lastCount(), current, rule.threshold(), windowSeconds()));
                }
                state = null;
            }
        }
        if (state == null) {
            flood.clear();
        } else {
            flood.update(state);
        }
    }

    private static int size(List<WindowEntry> entries) {
        return entries == null ? 0 : entries.size();
    }

    private String alarmKey(String key) {
        return rule.type().perKey() ? key : null;
    }

    private int windowSeconds() {
        return (int) rule.window().toSeconds();
    }

    /**
     * The alarm for {@code orderCount} at {@code windowEnd}, in flood {@code floodId} (null: it starts the flood), raised
     * at {@code windowEnd}; a repeat is {@linkplain Alarm#raised raised} again at its throttle slot.
     */
    private Alarm alarm(String key, long windowEnd, int orderCount, String floodId) throws Exception {
        String alarmKey = alarmKey(key);
        String alarmId = AlarmIds.of(rule.type(), alarmKey, windowEnd, orderCount, rule.threshold(), windowSeconds());
        return new Alarm(alarmId, floodId == null ? alarmId : floodId, rule.type(), alarmKey,
                windowEnd - rule.windowMillis(), windowEnd, windowEnd, windowSeconds(), orderCount, rule.threshold(),
                topCustomers(key, orderCount), top(countries), top(stockCodes));
    }

    /** A candidate built before alarms carried their flood (restored state) gets it now, by the same rule. */
    private static Alarm inFlood(Alarm alarm, String floodId) {
        return alarm.floodId() != null ? alarm : new Alarm(alarm.alarmId(),
                floodId == null ? alarm.alarmId() : floodId, alarm.type(), alarm.key(), alarm.windowStart(),
                alarm.windowEnd(), alarm.raisedAt(), alarm.windowSeconds(), alarm.orderCount(), alarm.threshold(),
                alarm.topCustomers(), alarm.topCountries(), alarm.topStockCodes());
    }

    // Per customer, every order in the window is the key's own: no need to tally customers.
    private Contributor[] topCustomers(String key, int orderCount) throws Exception {
        return rule.type().perKey() ? new Contributor[]{new Contributor(key, orderCount)} : top(customers);
    }

    private static Contributor[] top(MapState<String, Integer> counts) throws Exception {
        return TopContributors.of(counts.entries());
    }

    private void countIn(List<WindowEntry> entries) throws Exception {
        count.update((count.value() == null ? 0 : count.value()) + entries.size());
        for (WindowEntry entry : entries) {
            if (!rule.type().perKey()) {
                add(customers, entry.customer(), 1);
            }
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
            if (!rule.type().perKey()) {
                add(customers, entry.customer(), -1);
            }
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
