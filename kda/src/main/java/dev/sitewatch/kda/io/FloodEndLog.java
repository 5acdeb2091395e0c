package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.FloodEnd;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/** Logs each flood end at INFO. Floods are rare, so every one is logged. */
public class FloodEndLog implements Sink<FloodEnd> {

    private static final Logger LOG = LoggerFactory.getLogger(FloodEndLog.class);

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<FloodEnd> createWriter(InitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(FloodEnd end, Context context) {
                LOG.info(describe(end));
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }

    static String describe(FloodEnd end) {
        return "Flood " + end.type() + (end.key() == null ? "" : " " + end.key()) + " over: from "
                + Instant.ofEpochMilli(end.startedAt()) + " to " + Instant.ofEpochMilli(end.endedAt())
                + ", peak " + end.peakCount() + " at " + Instant.ofEpochMilli(end.peakAt()) + ", "
                + end.alarms() + (end.alarms() == 1 ? " alarm" : " alarms") + ", first " + end.firstAlarmId();
    }
}
