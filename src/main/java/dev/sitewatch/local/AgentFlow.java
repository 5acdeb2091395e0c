package dev.sitewatch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one flow of a Kinesis Agent configuration ({@code ec2-setup/agent.json}), with the agent's defaults, as far as
 * the local stand-in ({@link LocalKinesisAgent}) applies it. A setting it would not honour is refused rather than
 * ignored, so that the local run never silently ships records other than the real agent would.
 *
 * @param filePattern      e.g. {@code /var/log/website/*.log*}; locally only its file-name glob counts
 * @param converter        {@code CSVTOJSON}, or {@code null} to send lines as they are
 * @param maxBufferAgeMillis how long a record may wait for its batch to fill
 */
public record AgentFlow(String filePattern, String kinesisStream, PartitionKeyOption partitionKeyOption,
                        long maxBufferAgeMillis, int maxBufferSizeRecords, int maxBufferSizeBytes,
                        CsvToJson converter) {

    /** As the agent's KinesisConstants: {@code RANDOM} is its default. */
    public enum PartitionKeyOption {
        RANDOM, DETERMINISTIC
    }

    static final int MAX_PUT_RECORDS = 500;
    static final int MAX_PUT_RECORDS_BYTES = 5 * 1024 * 1024;

    /**
     * What the stand-in does (or, for {@code initialPosition}, knowingly does differently, see ec2-setup/README.md).
     * Anything else in the flow, such as {@code multiLineStartPattern} or {@code skipHeaderLines}, changes what a
     * record is, and is refused.
     */
    private static final Set<String> KNOWN = Set.of("filePattern", "kinesisStream", "partitionKeyOption",
            "initialPosition", "maxBufferAgeMillis", "maxBufferSizeRecords", "maxBufferSizeBytes",
            "dataProcessingOptions");

    public AgentFlow {
        if (maxBufferAgeMillis < 1_000 || maxBufferAgeMillis > 900_000) {
            throw new IllegalArgumentException("maxBufferAgeMillis must be 1000 to 900000, as for the agent");
        }
        if (maxBufferSizeRecords < 1 || maxBufferSizeRecords > MAX_PUT_RECORDS) {
            throw new IllegalArgumentException("maxBufferSizeRecords must be 1 to " + MAX_PUT_RECORDS);
        }
        if (maxBufferSizeBytes < 1 || maxBufferSizeBytes > MAX_PUT_RECORDS_BYTES) {
            throw new IllegalArgumentException("maxBufferSizeBytes must be 1 to " + MAX_PUT_RECORDS_BYTES);
        }
    }

    /** Reads the configuration's only flow, which must put to a Kinesis stream. */
    public static AgentFlow read(Path agentJson) {
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(agentJson.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + agentJson, e);
        }
        JsonNode flows = config.path("flows");
        if (flows.size() != 1) {
            throw new IllegalArgumentException(agentJson + ": the local stand-in runs exactly one flow, not "
                    + flows.size());
        }
        return of(flows.get(0));
    }

    static AgentFlow of(JsonNode flow) {
        List<String> unknown = new ArrayList<>();
        flow.fieldNames().forEachRemaining(name -> {
            if (!KNOWN.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("The flow sets " + unknown
                    + ", which the local Kinesis Agent stand-in does not implement");
        }
        if (!flow.hasNonNull("kinesisStream") || !flow.hasNonNull("filePattern")) {
            throw new IllegalArgumentException("The flow needs a filePattern and a kinesisStream");
        }
        return new AgentFlow(flow.get("filePattern").asText(), flow.get("kinesisStream").asText(),
                PartitionKeyOption.valueOf(flow.path("partitionKeyOption").asText("RANDOM")),
                flow.path("maxBufferAgeMillis").asLong(60_000),
                flow.path("maxBufferSizeRecords").asInt(MAX_PUT_RECORDS),
                flow.path("maxBufferSizeBytes").asInt(MAX_PUT_RECORDS_BYTES),
                converter(flow.path("dataProcessingOptions")));
    }

    private static CsvToJson converter(JsonNode options) {
        if (options.isMissingNode() || options.isEmpty()) {
            return null;
        }
        JsonNode option = options.get(0);
        if (options.size() > 1 || !"CSVTOJSON".equals(option.path("optionName").asText())) {
            throw new IllegalArgumentException("The local Kinesis Agent stand-in implements only a single CSVTOJSON"
                    + " data processing option, not " + options);
        }
        List<String> fieldNames = new ArrayList<>();
        option.path("customFieldNames").forEach(name -> fieldNames.add(name.asText()));
        return new CsvToJson(fieldNames, option.path("delimiter").asText(","));
    }

    /** The pattern's file-name glob ({@code *.log*}): the agent does not expand globs in the directory part. */
    public PathMatcher fileNameMatcher() {
        Path fileName = Path.of(filePattern).getFileName();
        return FileSystems.getDefault().getPathMatcher("glob:" + fileName);
    }
}
