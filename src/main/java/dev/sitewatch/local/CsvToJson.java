package dev.sitewatch.local;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Kinesis Agent's {@code CSVTOJSON} (its CSVToJSONDataConverter), step for step, quirks included, because the
 * local run must ship what the agent ships: drop the record's trailing newline, {@code String.split} on the
 * delimiter as a regular expression (so trailing empty columns vanish), name the columns by position, a missing
 * column {@code null}, extra columns dropped, then Jackson's JSON and a newline. No quote handling beyond what the
 * delimiter regex does (ec2-setup/README.md).
 */
public final class CsvToJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> fieldNames;
    private final Pattern delimiter;

    public CsvToJson(List<String> fieldNames, String delimiter) {
        if (fieldNames.isEmpty()) {
            throw new IllegalArgumentException("CSVTOJSON needs customFieldNames");
        }
        this.fieldNames = List.copyOf(fieldNames);
        this.delimiter = Pattern.compile(delimiter);
    }

    public List<String> fieldNames() {
        return fieldNames;
    }

    /** One record as the agent read it from the file (a line, its newline included). */
    public byte[] convert(byte[] record) {
        String line = new String(record, StandardCharsets.UTF_8);
        if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - 1);
        }
        String[] columns = delimiter.split(line); // exactly String.split(delimiter)
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < fieldNames.size(); i++) {
            named.put(fieldNames.get(i), i < columns.length ? columns[i] : null);
        }
        try {
            return (JSON.writeValueAsString(named) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings is always JSON", e);
        }
    }
}
