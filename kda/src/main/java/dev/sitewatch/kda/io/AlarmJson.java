package dev.sitewatch.kda.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.Contributor;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The alarm as the alarm-notifier reads it from {@code website-alarms}: fields in the documented order, times as
 * ISO-8601 UTC strings, {@code key} null for site-wide alarms.
 */
public class AlarmJson implements SerializationSchema<Alarm> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public byte[] serialize(Alarm alarm) {
        return write(alarm);
    }

    public static byte[] write(Alarm alarm) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("alarmId", alarm.alarmId());
            json.writeStringField("floodId", alarm.floodId());
            json.writeStringField("type", alarm.type().name());
            json.writeStringField("key", alarm.key());
            json.writeStringField("windowStart", Timestamps.iso(alarm.windowStart()));
            json.writeStringField("windowEnd", Timestamps.iso(alarm.windowEnd()));
            json.writeStringField("raisedAt", Timestamps.iso(alarm.raisedAt()));
            json.writeNumberField("windowSeconds", alarm.windowSeconds());
            json.writeNumberField("orderCount", alarm.orderCount());
            json.writeNumberField("threshold", alarm.threshold());
            writeTop(json, "topCustomers", alarm.topCustomers());
            writeTop(json, "topCountries", alarm.topCountries());
            writeTop(json, "topStockCodes", alarm.topStockCodes());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeTop(JsonGenerator json, String field, Contributor[] top) throws IOException {
        json.writeArrayFieldStart(field);
        for (Contributor contributor : top) {
            json.writeStartObject();
            json.writeStringField("key", contributor.key());
            json.writeNumberField("count", contributor.count());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
