package dev.sitewatch.kda.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kda.model.OrderLine;

/**
 * The detector reads the field names the Kinesis Agent writes (ec2-setup/agent.json, whose field list the archiver's
 * tests also check): a renamed column on either side fails here, not silently in production.
 */
class AgentContractTest {

    @Test
    void everyFieldTheDetectorReadsIsOneTheAgentWrites() throws Exception {
        JsonNode agent = new ObjectMapper().readTree(Files.readString(Path.of("..", "ec2-setup", "agent.json")));
        List<String> fields = new ArrayList<>();
        agent.findValue("customFieldNames").forEach(name -> fields.add(name.asText()));
        assertThat(fields).contains("InvoiceNo", "StockCode", "Quantity", "Customer", "Country");

        // a line built from the agent's names reads back field by field
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
            json.append(json.length() > 1 ? "," : "").append('"').append(field).append("\":\"").append(field).append('"');
        }
        OrderLine line = OrderLineJson.parse(json.append('}').toString());
        assertThat(List.of(line.invoiceNo(), line.stockCode(), line.quantity(), line.customer(), line.country()))
                .containsExactly("InvoiceNo", "StockCode", "Quantity", "Customer", "Country");
    }
}
