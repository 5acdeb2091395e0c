package dev.sitewatch.kda.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sitewatch.kda.model.DeadLetter;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A dead letter on the optional DLQ stream: {@code {"reason","origin","arrivalTime","payload"}}. */
public class DeadLetterJson implements SerializationSchema<DeadLetter> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public byte[] serialize(DeadLetter letter) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + letter.payload().length());
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("reason", letter.reason());
            json.writeStringField("origin", letter.origin());
            json.writeStringField("arrivalTime", Timestamps.iso(letter.arrivalTime()));
            json.writeStringField("payload", letter.payload());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
