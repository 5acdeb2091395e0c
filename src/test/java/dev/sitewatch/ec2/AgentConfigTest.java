package dev.sitewatch.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.order.OrderLineParser;

/** The Kinesis Agent's configuration agrees with the order-line contract the archiver reads. */
class AgentConfigTest {

    static final Path AGENT_JSON = Path.of("ec2-setup", "agent.json");

    static JsonNode flow() throws IOException {
        JsonNode flows = new ObjectMapper().readTree(AGENT_JSON.toFile()).get("flows");
        assertThat(flows).as("flows").hasSize(1);
        return flows.get(0);
    }

    static JsonNode csvToJson() throws IOException {
        JsonNode options = flow().get("dataProcessingOptions");
        assertThat(options).as("dataProcessingOptions").hasSize(1);
        assertThat(options.get(0).get("optionName").asText()).isEqualTo("CSVTOJSON");
        return options.get(0);
    }

    /** The agent passes this to {@code String.split} (CSVToJSONDataConverter); see ec2-setup/README.md. */
    static String delimiter() throws IOException {
        return csvToJson().get("delimiter").asText();
    }

    @Test
    void fieldNamesAreTheArchiversContract() throws IOException {
        List<String> names = new ArrayList<>();
        csvToJson().get("customFieldNames").forEach(n -> names.add(n.asText()));
        assertThat(names).containsExactlyElementsOf(OrderLineParser.FIELDS);
    }

    @Test
    void tailsTheShopsLogsIntoTheOrdersStream() throws IOException {
        JsonNode flow = flow();
        assertThat(flow.get("kinesisStream").asText()).isEqualTo("website-orders");
        // rotated files (orders.log.1, ...) must still match, or the agent loses track of them at rotation
        assertThat(flow.get("filePattern").asText()).isEqualTo("/var/log/website/*.log*");
        assertThat(flow.get("partitionKeyOption").asText()).isEqualTo("RANDOM");
        // the detector counts by arrival time in 15 s windows: the agent must not sit on records for long
        assertThat(flow.get("maxBufferAgeMillis").asLong()).isBetween(1000L, 2000L);
        assertThat(flow.get("maxBufferSizeRecords").asInt()).isBetween(1, 500);
    }

    @Test
    void endpointsAndRegionAgree() throws IOException {
        JsonNode agent = new ObjectMapper().readTree(AGENT_JSON.toFile());
        String region = agent.get("kinesis.region").asText();
        assertThat(agent.get("kinesis.endpoint").asText()).isEqualTo("https://kinesis." + region + ".amazonaws.com");
        assertThat(agent.get("cloudwatch.endpoint").asText())
                .isEqualTo("https://monitoring." + region + ".amazonaws.com");
        assertThat(agent.get("cloudwatch.emitMetrics").asBoolean()).isTrue();
    }

    @Test
    void delimiterSplitsOnCommasOutsideQuotesAndDropsTheQuotes() throws IOException {
        String line = "536365,22720,\"SET OF 3 CAKE TINS, PANTRY DESIGN\",3,12/1/2010 8:26,4.95,,United Kingdom";
        assertThat(line.split(delimiter())).containsExactly("536365", "22720", "SET OF 3 CAKE TINS, PANTRY DESIGN",
                "3", "12/1/2010 8:26", "4.95", "", "United Kingdom");
        // what the agent's default delimiter would make of it: the description cut, every later field shifted
        assertThat(line.split(",")).hasSize(9);
    }
}
