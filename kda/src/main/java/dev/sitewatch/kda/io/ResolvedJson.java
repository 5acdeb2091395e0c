package dev.sitewatch.kda.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sitewatch.kda.model.FloodEnd;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A flood's resolved notice on {@code website-alarms}: {@code "resolved":true} first, so a reader tells it from an
 * alarm at once, then fields in the documented order, times as ISO-8601 UTC strings. Its {@code alarmId} is
 * {@code RESOLVED-<floodId>}: one per flood, the same on a replay, so the notifier's ledger keeps it once like an
 * alarm.
 */
public class ResolvedJson implements SerializationSchema<FloodEnd> {

    static final String ID_PREFIX = "RESOLVED-";

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public byte[] serialize(FloodEnd end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeBooleanField("resolved", true);
            json.writeStringField("alarmId", alarmId(end.floodId()));
            json.writeStringField("floodId", end.floodId());
            json.writeStringField("type", end.type().name());
            json.writeStringField("key", end.key());
            json.writeStringField("startedAt", Timestamps.iso(end.startedAt()));
            json.writeStringField("endedAt", Timestamps.iso(end.endedAt()));
            json.writeNumberField("peakCount", end.peakCount());
            json.writeStringField("peakAt", Timestamps.iso(end.peakAt()));
            json.writeNumberField("alarms", end.alarms());
            json.writeNumberField("lastCount", end.lastCount());
            json.writeNumberField("endCount", end.endCount());
            json.writeNumberField("threshold", end.threshold());
            json.writeNumberField("windowSeconds", end.windowSeconds());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** At most 64 characters: the flood's id is its first alarm's, at most 55 before the year 10000. */
    static String alarmId(String floodId) {
        return ID_PREFIX + floodId;
    }
}
