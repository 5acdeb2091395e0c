package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.DeadLetter;
import dev.sitewatch.kda.model.OrderLine;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw records into order lines. A record that is not a valid order line goes to {@link #DEAD_LETTERS}, is
 * counted in the {@code deadLetters} metric and logged (at most once a second per subtask, so a stream of garbage
 * cannot flood the logs); it never fails the job, and the records around it go on unaffected.
 */
public class OrderLineParser extends ProcessFunction<RawRecord, OrderLine> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private static final Logger LOG = LoggerFactory.getLogger(OrderLineParser.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
    private static final int LOGGED_PAYLOAD_CHARS = 200;

    private transient Counter deadLetters;
    private transient long lastLogged;
    private transient long unlogged;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        lastLogged = System.nanoTime() - LOG_INTERVAL_NANOS;
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<OrderLine> out) {
        try {
            out.collect(OrderLineJson.parse(record.payload()));
        } catch (InvalidOrderLine e) {
            DeadLetter letter = new DeadLetter(record.payload(), e.getMessage(), record.arrivalTime(), record.origin());
            ctx.output(DEAD_LETTERS, letter);
            deadLetters.inc();
            log(letter);
        }
    }

    private void log(DeadLetter letter) {
        long now = System.nanoTime();
        if (now - lastLogged < LOG_INTERVAL_NANOS) {
            unlogged++;
            return;
        }
        String payload = letter.payload().length() > LOGGED_PAYLOAD_CHARS
                ? letter.payload().substring(0, LOGGED_PAYLOAD_CHARS) + "..." : letter.payload();
        LOG.warn("Dead letter from {}: {} ({} more since the last one logged): {}",
                letter.origin(), letter.reason(), unlogged, payload);
        lastLogged = now;
        unlogged = 0;
    }
}
