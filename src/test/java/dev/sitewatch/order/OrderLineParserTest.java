package dev.sitewatch.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.Decoded;

class OrderLineParserTest {

    private final OrderLineParser parser = new OrderLineParser(new ObjectMapper(), ZoneOffset.UTC, 65_536);

    private Decoded<OrderLine> parse(String text) {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private OrderLine valid(String text) {
        Decoded<OrderLine> parsed = parse(text);
        assertThat(parsed).isInstanceOf(Decoded.Ok.class);
        return ((Decoded.Ok<OrderLine>) parsed).value();
    }

    @Test
    void readsTheUciShapeWithTypes() {
        OrderLine line = valid(OrderLines.line("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "6",
                "12/1/2010 8:26", "2.55", "17850", "United Kingdom"));

        assertThat(line.invoiceNo()).isEqualTo("536365");
        assertThat(line.stockCode()).isEqualTo("85123A");
        assertThat(line.description()).isEqualTo("WHITE HANGING HEART T-LIGHT HOLDER");
        assertThat(line.quantity()).isEqualByComparingTo("6");
        assertThat(line.invoiceDate()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(line.unitPrice()).isEqualByComparingTo("2.55");
        assertThat(line.customer()).isEqualTo("17850");
        assertThat(line.country()).isEqualTo("United Kingdom");
        assertThat(line.cancelled()).isFalse();
        assertThat(line.warnings()).isEmpty();
    }

    @Test
    void theParserReadsExactlyTheFieldsOfTheContract() {
        List<String> values = List.of("536365", "85123A", "LANTERN", "6", "12/1/2010 8:26", "2.55", "17850", "France");
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < OrderLineParser.FIELDS.size(); i++) {
            json.append(i > 0 ? "," : "").append('"').append(OrderLineParser.FIELDS.get(i)).append("\":\"")
                    .append(values.get(i)).append('"');
        }
        OrderLine line = valid(json.append('}').toString());
        assertThat(List.of(line.invoiceNo(), line.stockCode(), line.description(), line.quantity().toPlainString(),
                line.invoiceDate().toString(), line.unitPrice().toPlainString(), line.customer(), line.country()))
                .containsExactly("536365", "85123A", "LANTERN", "6", "2010-12-01T08:26:00Z", "2.55", "17850", "France");
    }

    @Test
    void monthComesFirstAndTwoDigitHoursWork() {
        assertThat(valid(OrderLines.line("581587", "22613", "PACK OF 20 SPACEBOY NAPKINS", "12", "12/9/2011 12:50",
                "0.85", "12680", "France")).invoiceDate()).isEqualTo(Instant.parse("2011-12-09T12:50:00Z"));
    }

    @Test
    void cancellationsHaveNegativeQuantitiesAndTheCFlag() {
        OrderLine line = valid(OrderLines.line("C536379", "D", "Discount", "-1", "12/1/2010 9:41", "27.5", "14527",
                "United Kingdom"));
        assertThat(line.cancelled()).isTrue();
        assertThat(line.quantity()).isEqualByComparingTo("-1");
    }

    @Test
    void blankCustomerIsNoCustomer() {
        assertThat(valid(OrderLines.line("536414", "22139", "", "56", "12/1/2010 11:52", "0", "", "United Kingdom"))
                .customer()).isNull();
        assertThat(valid("{\"InvoiceNo\":\"536414\",\"StockCode\":\"22139\",\"Customer\":\"   \"}").customer()).isNull();
        assertThat(valid("{\"InvoiceNo\":\"536414\",\"StockCode\":\"22139\"}").customer()).isNull();
    }

    @Test
    void spreadsheetStyleCustomerIdsAreTheSameCustomer() {
        assertThat(valid(OrderLines.line("536365", "85123A", "17850.0")).customer()).isEqualTo("17850");
        assertThat(valid(OrderLines.line("536365", "85123A", "17850.5")).customer()).isEqualTo("17850.5");
    }

    @Test
    void oddCharactersInDescriptionsSurvive() {
        String description = "SET 2 TEA TOWELS I LOVE LONDON , \\\"JUMBO\\\" BAG ÆØÅ \\u00e9t\\u00e9 💷";
        OrderLine line = valid(OrderLines.line("536365", "22900", description, "6", "12/1/2010 8:26", "2.95",
                "17850", "EIRE"));
        assertThat(line.description()).isEqualTo("SET 2 TEA TOWELS I LOVE LONDON , \"JUMBO\" BAG ÆØÅ été 💷");
    }

    @Test
    void unreadableNumbersAndDatesAreWarningsNotRejections() {
        OrderLine line = valid(OrderLines.line("536365", "85123A", "X", "six", "31/12/2010 8:26", "£2.55", "17850",
                "United Kingdom"));
        assertThat(line.quantity()).isNull();
        assertThat(line.unitPrice()).isNull();
        assertThat(line.invoiceDate()).isNull();
        assertThat(line.warnings()).containsExactly("Quantity is not a number: six",
                "InvoiceDate is not a date: 31/12/2010 8:26", "UnitPrice is not a number: £2.55");
    }

    @Test
    void isoDatesAndTheShopZoneAreUnderstood() {
        OrderLineParser london = new OrderLineParser(new ObjectMapper(), ZoneId.of("Europe/London"), 65_536);
        OrderLine summer = ((Decoded.Ok<OrderLine>) london.parse(OrderLines.line("1", "A", "", "1", "7/1/2011 10:00", "1",
                "", "").getBytes(StandardCharsets.UTF_8))).value();
        assertThat(summer.invoiceDate()).isEqualTo(Instant.parse("2011-07-01T09:00:00Z"));

        assertThat(valid(OrderLines.line("1", "A", "", "1", "2010-12-01 08:26:00", "1", "", "")).invoiceDate())
                .isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(valid(OrderLines.line("1", "A", "", "1", "2010-12-01T08:26:00+01:00", "1", "", "")).invoiceDate())
                .isEqualTo(Instant.parse("2010-12-01T07:26:00Z"));
    }

    @Test
    void aLineWithoutStockCodeIsStillAnOrderLine() {
        assertThat(valid("{\"InvoiceNo\":\"536365\",\"StockCode\":null}").stockCode()).isNull();
        assertThat(valid("{\"InvoiceNo\":\"536365\",\"StockCode\":\" \"}").stockCode()).isNull();
        assertThat(valid("{\"InvoiceNo\":\"536365\"}").stockCode()).isNull();
    }

    @Test
    void numbersGivenAsJsonNumbersAreReadToo() {
        OrderLine line = valid("{\"InvoiceNo\":536365,\"StockCode\":\"85123A\",\"Quantity\":6,\"UnitPrice\":2.55}");
        assertThat(line.invoiceNo()).isEqualTo("536365");
        assertThat(line.quantity()).isEqualTo(new BigDecimal("6"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "garbage", "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
            "[1,2,3]", "\"just a string\"", "null", "{\"InvoiceNo\":\"536365\"", "{\"StockCode\":\"85123A\"}",
            "{\"InvoiceNo\":\"  \",\"StockCode\":\"85123A\"}",
            "{\"InvoiceNo\":{\"a\":1},\"StockCode\":\"85123A\"}", "{\"InvoiceNo\":\"1\",\"StockCode\":\"2\"} trailing"})
    void rejectsWhatIsNotAnOrderLine(String text) {
        assertThat(parse(text)).isInstanceOf(Decoded.Rejected.class);
    }

    @Test
    void rejectionsSayWhy() {
        assertThat(((Decoded.Rejected<OrderLine>) parse("{\"StockCode\":\"85123A\"}")).reason())
                .isEqualTo("InvoiceNo missing or blank");
        assertThat(((Decoded.Rejected<OrderLine>) parse("garbage")).reason()).startsWith("not valid JSON");
        assertThat(((Decoded.Rejected<OrderLine>) parser.parse(new byte[70_000])).reason())
                .isEqualTo("record of 70000 bytes exceeds the limit of 65536");
    }

    @Test
    void invalidUtf8IsRejectedNotThrown() {
        byte[] bytes = OrderLines.line("536365", "85123A", "17850").getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, broken, 0, 20);
        broken[20] = (byte) 0xC3;
        broken[21] = (byte) 0x28;
        System.arraycopy(bytes, 20, broken, 22, bytes.length - 20);
        // 0xC3 opens a two-byte sequence that 0x28 does not continue: quarantined, saying why
        assertThat(parser.parse(broken)).isInstanceOfSatisfying(Decoded.Rejected.class,
                rejected -> assertThat(rejected.reason()).startsWith("not valid JSON").contains("UTF-8"));
        assertThat(parser.parse(bytes)).as("the same line intact").isInstanceOf(Decoded.Ok.class);
    }
}
