package dev.sitewatch.kinesis;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * A record payload that must be exactly one JSON object (trailing text is an error), read as a tree: no classes are
 * bound, so nothing needs reflection in a native image.
 */
public final class JsonPayload {

    private final ObjectReader reader;

    public JsonPayload(ObjectMapper mapper) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public Decoded<JsonNode> object(byte[] data) {
        JsonNode json;
        try {
            json = reader.readTree(data);
        } catch (JsonProcessingException e) {
            return Decoded.rejected("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Decoded.rejected("unreadable: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            return Decoded.rejected("not a JSON object");
        }
        return Decoded.ok(json);
    }
}
