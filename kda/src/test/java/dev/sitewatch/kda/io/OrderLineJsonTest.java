package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.OrderLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderLineJsonTest {

    @Test
    void readsTheAgentsShape() throws Exception {
        OrderLine line = OrderLineJson.parse("{\"InvoiceNo\":\"536365\",\"StockCode\":\"85123A\","
                + "\"Description\":\"WHITE HANGING HEART T-LIGHT HOLDER\",\"Quantity\":\"6\","
                + "\"InvoiceDate\":\"12/1/2010 8:26\",\"UnitPrice\":\"2.55\",\"Customer\":\"17850\","
                + "\"Country\":\"United Kingdom\"}");

        assertThat(line).isEqualTo(new OrderLine("536365", "85123A", "6", "17850", "United Kingdom"));
        assertThat(line.isCancellation()).isFalse();
        assertThat(line.hasCustomer()).isTrue();
    }

    @Test
    void isLenientAboutBlankMissingUnknownAndNonStringFields() throws Exception {
        OrderLine line = OrderLineJson.parse("{\"InvoiceNo\":536366,\"Customer\":\"  \",\"Quantity\":-1,"
                + "\"Extra\":{\"nested\":[1,2]},\"Country\":null}");

        assertThat(line).isEqualTo(new OrderLine("536366", "", "-1", "", ""));
        assertThat(line.hasCustomer()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"17850.0\"|17850", "17850.0|17850", "\"17850\"|17850", "\".0\"|.0", "\"A1.0\"|A1.0", "\"1.05\"|1.05"})
    void readsACustomerIdTheWayTheArchiverKeysIt(String json, String customer) throws Exception {
        assertThat(OrderLineJson.parse("{\"InvoiceNo\":\"536365\",\"Customer\":" + json + "}").customer())
                .isEqualTo(customer);
    }

    @Test
    void recognisesCancellations() throws Exception {
        assertThat(OrderLineJson.parse("{\"InvoiceNo\":\"C536379\"}").isCancellation()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all|not JSON",
            "[1,2]|not a JSON object",
            "\"536365\"|not a JSON object",
            "{\"StockCode\":\"85123A\"}|missing InvoiceNo",
            "{\"InvoiceNo\":\"  \"}|missing InvoiceNo",
            "{\"InvoiceNo\":{\"a\":1}}|InvoiceNo is not a string",
            "{\"InvoiceNo\":\"1\"} {\"InvoiceNo\":\"2\"}|not a single JSON object",
            "{\"InvoiceNo\":\"536365\"|not JSON",
    })
    void rejectsWhatIsNotAnOrderLine(String payload, String reason) {
        assertThatThrownBy(() -> OrderLineJson.parse(payload))
                .isInstanceOf(InvalidOrderLine.class)
                .hasMessageStartingWith(reason);
    }
}
