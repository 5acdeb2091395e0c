package dev.sitewatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.testing.KinesisResource;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The Kinesis Agent stand-in, run with the real agent.json against kinesis-local: lines appended to files of the
 * folder arrive on website-orders as the JSON the real agent makes, once each and whole. Every test marks its lines
 * with invoice numbers of its own, as they share the stream.
 */
class LocalKinesisAgentTest {

    static final AgentFlow FLOW = AgentFlow.read(Path.of("ec2-setup", "agent.json"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final KinesisResource KINESIS = new KinesisResource();

    @TempDir
    Path dir;

    LocalKinesisAgent agent;

    @BeforeAll
    static void startKinesis() {
        KINESIS.start();
    }

    @AfterAll
    static void stopKinesis() {
        KINESIS.stop();
    }

    @BeforeEach
    void startAgent() {
        agent = LocalKinesisAgent.start(FLOW, dir, KinesisResource.client());
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void linesAppendedToAMatchingFileArriveAsTheAgentsJson() throws Exception {
        append("orders.log", "A1,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n");
        append("orders.log", "A1,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,,United Kingdom\n");
        // not the pattern's, or compressed: the agent leaves them alone
        append("orders.txt", "A1,NOT-A-LOG,X,1,12/1/2010 8:26,1.00,17850,United Kingdom\n");
        append("orders.log.2.gz", "A1,GZIPPED,X,1,12/1/2010 8:26,1.00,17850,United Kingdom\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> records("A1").size() == 2);
        assertThat(agent.awaitShipped(Duration.ofSeconds(10))).isTrue();

        List<Record> records = records("A1");
        assertThat(records).extracting(r -> r.data().asUtf8String()).containsExactlyInAnyOrder(
                "{\"InvoiceNo\":\"A1\",\"StockCode\":\"85123A\",\"Description\":\"WHITE HANGING HEART T-LIGHT HOLDER\","
                        + "\"Quantity\":\"6\",\"InvoiceDate\":\"12/1/2010 8:26\",\"UnitPrice\":\"2.55\","
                        + "\"Customer\":\"17850\",\"Country\":\"United Kingdom\"}\n",
                "{\"InvoiceNo\":\"A1\",\"StockCode\":\"71053\",\"Description\":\"WHITE METAL LANTERN\","
                        + "\"Quantity\":\"6\",\"InvoiceDate\":\"12/1/2010 8:26\",\"UnitPrice\":\"3.39\","
                        + "\"Customer\":\"\",\"Country\":\"United Kingdom\"}\n");
        for (Record record : records) {
            Map<String, Object> fields = JSON.readValue(record.data().asByteArray(), new TypeReference<>() { });
            assertThat(fields.keySet()).containsExactlyElementsOf(FLOW.converter().fieldNames());
            assertThat(fields.values()).allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
            // RANDOM, as the agent makes it: a double below a million
            assertThat(Double.parseDouble(record.partitionKey())).isBetween(0.0, 1_000_000.0);
        }
        assertThat(records).extracting(Record::partitionKey).doesNotHaveDuplicates();
        assertThat(agent.sent()).isEqualTo(2);
    }

    @Test
    void aLineSplitAcrossTwoAppendsArrivesOnceAndWhole() throws Exception {
        append("orders.log", "B1,22720,\"SET OF 3 CAKE TINS");
        // well past the flow's maxBufferAgeMillis: half a line is never sent
        await().during(Duration.ofMillis(2 * FLOW.maxBufferAgeMillis())).atMost(Duration.ofSeconds(10))
                .until(() -> records("B1").isEmpty());

        append("orders.log", ", PANTRY DESIGN\",3,12/1/2010 8:26,4.95,17850,United Kingdom\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> !records("B1").isEmpty());
        assertThat(agent.awaitShipped(Duration.ofSeconds(10))).isTrue();
        assertThat(records("B1")).singleElement().satisfies(record -> assertThat(record.data().asUtf8String())
                .contains("\"Description\":\"SET OF 3 CAKE TINS, PANTRY DESIGN\",\"Quantity\":\"3\"")
                .endsWith("\"Country\":\"United Kingdom\"}\n"));
    }

    @Test
    void aSecondFileIsPickedUpAndTheFirstStillFollowed() throws Exception {
        append("orders.log", line("C1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> records("C1").size() == 1);

        append("checkout.log", line("C2"));
        append("orders.log", line("C3"));

        await().atMost(Duration.ofSeconds(20)).until(() -> records("C2").size() == 1 && records("C3").size() == 1);
        assertThat(agent.awaitShipped(Duration.ofSeconds(10))).isTrue();
        assertThat(records("C1")).hasSize(1);
        assertThat(records("C2")).hasSize(1);
        assertThat(records("C3")).hasSize(1);
    }

    /** As the generator rotates: orders.log becomes orders.log.1, possibly before its last lines were read. */
    @Test
    void aRenameRotationNeitherLosesNorRepeatsALine() throws Exception {
        append("orders.log", line("D1") + line("D2"));
        assertThat(agent.awaitShipped(Duration.ofSeconds(10))).isTrue();

        append("orders.log", line("D3"));
        Files.move(dir.resolve("orders.log"), dir.resolve("orders.log.1"));
        append("orders.log", line("D4"));

        await().atMost(Duration.ofSeconds(20)).until(() -> records("D4").size() == 1);
        assertThat(agent.awaitShipped(Duration.ofSeconds(10))).isTrue();
        for (String invoice : List.of("D1", "D2", "D3", "D4")) {
            assertThat(records(invoice)).as(invoice).hasSize(1);
        }
    }

    @Test
    void quotedFieldsWithTheDelimiterInsideStayOneField() throws Exception {
        append("orders.log", "E1,23203,\"JUMBO BAG VINTAGE DOILY, RED, WHITE\",10,12/1/2010 8:26,2.08,,United Kingdom\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> records("E1").size() == 1);
        assertThat(records("E1")).singleElement().satisfies(record -> assertThat(record.data().asUtf8String())
                .isEqualTo("{\"InvoiceNo\":\"E1\",\"StockCode\":\"23203\","
                        + "\"Description\":\"JUMBO BAG VINTAGE DOILY, RED, WHITE\",\"Quantity\":\"10\","
                        + "\"InvoiceDate\":\"12/1/2010 8:26\",\"UnitPrice\":\"2.08\",\"Customer\":\"\","
                        + "\"Country\":\"United Kingdom\"}\n"));
    }

    private static String line(String invoiceNo) {
        return invoiceNo + ",22633,HAND WARMER UNION JACK,6,12/1/2010 8:26,1.85,17850,United Kingdom\n";
    }

    private void append(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** This test's records on the stream: those of {@code invoiceNo}. */
    private static List<Record> records(String invoiceNo) {
        List<Record> records = new ArrayList<>();
        for (Record record : KinesisResource.readAll(KinesisResource.ORDERS_STREAM)) {
            if (record.data().asUtf8String().startsWith("{\"InvoiceNo\":\"" + invoiceNo + "\"")) {
                records.add(record);
            }
        }
        return records;
    }
}
