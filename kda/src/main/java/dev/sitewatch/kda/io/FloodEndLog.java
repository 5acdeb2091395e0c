package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.FloodEnd;
import org.apache.flink.api.common.functions.MapFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/** Logs each flood end at INFO on its way to {@code website-alarms}. Floods are rare, so every one is logged. */
public class FloodEndLog implements MapFunction<FloodEnd, FloodEnd> {

    private static final Logger LOG = LoggerFactory.getLogger(FloodEndLog.class);

    @Override
    public FloodEnd map(FloodEnd end) {
        LOG.info(describe(end));
        return end;
    }

    static String describe(FloodEnd end) {
        return "Flood " + end.type() + (end.key() == null ? "" : " " + end.key()) + " over: from "
                + Instant.ofEpochMilli(end.startedAt()) + " to " + Instant.ofEpochMilli(end.endedAt())
                + ", peak " + end.peakCount() + " at " + Instant.ofEpochMilli(end.peakAt()) + ", "
                + end.alarms() + (end.alarms() == 1 ? " alarm" : " alarms") + ", last " + end.lastCount()
                + ", at the end " + end.endCount() + " (threshold " + end.threshold() + " in "
                + end.windowSeconds() + " s), flood " + end.floodId();
    }
}
