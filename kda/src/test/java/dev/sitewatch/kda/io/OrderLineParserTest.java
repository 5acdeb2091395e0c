package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.DeadLetter;
import dev.sitewatch.kda.model.OrderLine;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import static dev.sitewatch.kda.Fixtures.T0;
import static dev.sitewatch.kda.Fixtures.json;
import static dev.sitewatch.kda.Fixtures.lineAt;
import static org.assertj.core.api.Assertions.assertThat;

class OrderLineParserTest {

    @Test
    void badRecordsGoToTheDeadLettersAndTheGoodOnesAroundThemPass() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, OrderLine> harness =
                     ProcessFunctionTestHarnesses.forProcessFunction(new OrderLineParser())) {
            harness.processElement(lineAt(T0, json("536365", "85123A", "17850", "United Kingdom")), T0);
            harness.processElement(lineAt(T0 + 1, "garbage"), T0 + 1);
            harness.processElement(lineAt(T0 + 2, "{\"Customer\":\"17850\"}"), T0 + 2);
            harness.processElement(lineAt(T0 + 3, json("536366", "22728", "", "France")), T0 + 3);

            assertThat(harness.extractOutputValues()).containsExactly(
                    new OrderLine("536365", "85123A", "6", "17850", "United Kingdom"),
                    new OrderLine("536366", "22728", "6", "", "France"));
            assertThat(harness.getSideOutput(OrderLineParser.DEAD_LETTERS))
                    .extracting(record -> record.getValue())
                    .extracting(DeadLetter::payload, DeadLetter::reason, DeadLetter::origin)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("garbage", "not JSON: Unrecognized token 'garbage': "
                                    + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
                                    + "'false')", "shardId-000000000000/" + (T0 + 1)),
                            org.assertj.core.groups.Tuple.tuple("{\"Customer\":\"17850\"}", "missing InvoiceNo",
                                    "shardId-000000000000/" + (T0 + 2)));
        }
    }
}
