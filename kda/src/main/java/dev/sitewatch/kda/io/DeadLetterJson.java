package dev.sitewatch.kda.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sitewatch.kda.model.DeadLetter;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A dead letter on the optional DLQ stream: {@code {"reason","origin","arrivalTime","truncated","payload"}}. The
 * payload is cut to {@link #MAX_PAYLOAD_CHARS}: a bad record can be as large as Kinesis allows (1 MB), and with JSON
 * escaping it would no longer fit in a record of its own, which would fail the sink and with it the job.
 */
public class DeadLetterJson implements SerializationSchema<DeadLetter> {

    public static final int MAX_PAYLOAD_CHARS = 100_000;

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public byte[] serialize(DeadLetter letter) {
        boolean truncated = letter.payload().length() > MAX_PAYLOAD_CHARS;
        String payload = truncated ? letter.payload().substring(0, MAX_PAYLOAD_CHARS) : letter.payload();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + payload.length());
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("reason", letter.reason());
            json.writeStringField("origin", letter.origin());
            json.writeStringField("arrivalTime", Timestamps.iso(letter.arrivalTime()));
            json.writeBooleanField("truncated", truncated);
            json.writeStringField("payload", payload);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
