package dev.sitewatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.order.OrderLineParser;

/** The local agent stand-in reads the real agent.json, and refuses what it would not do as the agent does. */
class AgentFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheRealAgentJson() {
        AgentFlow flow = AgentFlow.read(Path.of("ec2-setup", "agent.json"));

        assertThat(flow.kinesisStream()).isEqualTo("website-orders");
        assertThat(flow.partitionKeyOption()).isEqualTo(AgentFlow.PartitionKeyOption.RANDOM);
        assertThat(flow.maxBufferAgeMillis()).isEqualTo(1000);
        assertThat(flow.maxBufferSizeRecords()).isEqualTo(500);
        assertThat(flow.maxBufferSizeBytes()).isEqualTo(1_048_576);
        assertThat(flow.converter().fieldNames()).containsExactlyElementsOf(OrderLineParser.FIELDS);
        assertThat(flow.fileNameMatcher().matches(Path.of("orders.log"))).isTrue();
        assertThat(flow.fileNameMatcher().matches(Path.of("orders.log.1"))).isTrue();
        assertThat(flow.fileNameMatcher().matches(Path.of("orders.txt"))).isFalse();
    }

    @Test
    void takesTheAgentsDefaults() throws Exception {
        AgentFlow flow = AgentFlow.of(JSON.readTree("{\"filePattern\":\"/var/log/a/*.log\",\"kinesisStream\":\"s\"}"));

        assertThat(flow.partitionKeyOption()).isEqualTo(AgentFlow.PartitionKeyOption.RANDOM);
        assertThat(flow.maxBufferAgeMillis()).isEqualTo(60_000);
        assertThat(flow.maxBufferSizeRecords()).isEqualTo(500);
        assertThat(flow.maxBufferSizeBytes()).isEqualTo(5 * 1024 * 1024);
        assertThat(flow.converter()).as("lines sent as they are").isNull();
    }

    @Test
    void refusesWhatItDoesNotImplement() throws Exception {
        JsonNode multiLine = JSON.readTree("{\"filePattern\":\"/a/*.log\",\"kinesisStream\":\"s\","
                + "\"multiLineStartPattern\":\"^\\\\d\"}");
        assertThatThrownBy(() -> AgentFlow.of(multiLine)).hasMessageContaining("[multiLineStartPattern]");

        JsonNode logToJson = JSON.readTree("{\"filePattern\":\"/a/*.log\",\"kinesisStream\":\"s\","
                + "\"dataProcessingOptions\":[{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"COMMONAPACHELOG\"}]}");
        assertThatThrownBy(() -> AgentFlow.of(logToJson)).hasMessageContaining("only a single CSVTOJSON");

        JsonNode firehose = JSON.readTree("{\"filePattern\":\"/a/*.log\",\"deliveryStream\":\"s\"}");
        assertThatThrownBy(() -> AgentFlow.of(firehose)).hasMessageContaining("[deliveryStream]");

        JsonNode tooYoung = JSON.readTree("{\"filePattern\":\"/a/*.log\",\"kinesisStream\":\"s\","
                + "\"maxBufferAgeMillis\":500}");
        assertThatThrownBy(() -> AgentFlow.of(tooYoung)).hasMessageContaining("maxBufferAgeMillis");
    }
}
