package dev.sitewatch.kda;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.DeadLetter;
import dev.sitewatch.kda.model.FloodEnd;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What {@link FloodDetectionJob#build} leaves for the caller to attach more sinks to. */
public record JobStreams(DataStream<Alarm> alarms, DataStream<FloodEnd> floodEnds, DataStream<DeadLetter> deadLetters) {
}
