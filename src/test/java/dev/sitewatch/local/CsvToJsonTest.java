package dev.sitewatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The agent's CSVTOJSON with our agent.json, case by case as ec2-setup/README.md describes it: the delimiter regex
 * is all the CSV handling there is.
 */
class CsvToJsonTest {

    static final CsvToJson AGENT_JSON = AgentFlow.read(Path.of("ec2-setup", "agent.json")).converter();
    static final String CAKE_TINS =
            "536365,22720,\"SET OF 3 CAKE TINS, PANTRY DESIGN\",3,12/1/2010 8:26,4.95,17850,United Kingdom";

    @Test
    void aQuotedFieldKeepsItsCommasAndLosesItsQuotes() {
        assertThat(convert(CAKE_TINS)).isEqualTo("{\"InvoiceNo\":\"536365\",\"StockCode\":\"22720\","
                        + "\"Description\":\"SET OF 3 CAKE TINS, PANTRY DESIGN\",\"Quantity\":\"3\","
                        + "\"InvoiceDate\":\"12/1/2010 8:26\",\"UnitPrice\":\"4.95\",\"Customer\":\"17850\","
                        + "\"Country\":\"United Kingdom\"}\n");
    }

    @Test
    void anEmptyFieldInsideTheLineIsAnEmptyString() {
        assertThat(convert("536365,22720,POPCORN HOLDER,3,12/1/2010 8:26,0.85,,United Kingdom"))
                .contains("\"UnitPrice\":\"0.85\",\"Customer\":\"\",\"Country\":\"United Kingdom\"}");
    }

    /** {@code String.split} drops trailing empty strings, and a column that is not there is {@code null}. */
    @Test
    void trailingEmptyColumnsAreNullAndExtraColumnsAreDropped() {
        assertThat(convert("536365,22720,POPCORN HOLDER,3,12/1/2010 8:26,0.85,,"))
                .endsWith("\"UnitPrice\":\"0.85\",\"Customer\":null,\"Country\":null}\n");
        assertThat(convert("a,b,c,d,e,f,g,h,i,j")).endsWith("\"Customer\":\"g\",\"Country\":\"h\"}\n");
        assertThat(convert("")).isEqualTo("{\"InvoiceNo\":\"\",\"StockCode\":null,\"Description\":null,"
                + "\"Quantity\":null,\"InvoiceDate\":null,\"UnitPrice\":null,\"Customer\":null,\"Country\":null}\n");
    }

    /** The regex takes a quote only where it touches a delimiter: not at the start or the end of the line. */
    @Test
    void aQuotedFirstOrLastFieldKeepsItsOuterQuote() {
        assertThat(convert("\"536365\",22720,\"POPCORN HOLDER, SMALL\",3,12/1/2010 8:26,0.85,17850,\"United Kingdom\""))
                .startsWith("{\"InvoiceNo\":\"\\\"536365\",\"StockCode\":\"22720\",")
                .contains("\"Description\":\"POPCORN HOLDER, SMALL\"")
                .endsWith("\"Country\":\"United Kingdom\\\"\"}\n");
    }

    /** RFC 4180's escaped quote ({@code ""}) is not unescaped, which is why the generator never writes one. */
    @Test
    void anEscapedQuoteStaysDoubled() {
        assertThat(convert("536365,22720,\"12\"\" RULER, WOOD\",3,12/1/2010 8:26,0.85,17850,United Kingdom"))
                .contains("\"Description\":\"12\\\"\\\" RULER, WOOD\",\"Quantity\":\"3\"");
    }

    /** What the default delimiter {@code ,} would do: cut the description, shift every later column. */
    @Test
    void withAPlainCommaDelimiterAQuotedCommaShiftsTheColumns() {
        CsvToJson plain = new CsvToJson(AGENT_JSON.fieldNames(), ",");
        String json = new String(plain.convert((CAKE_TINS + "\n").getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"Description\":\"\\\"SET OF 3 CAKE TINS\",\"Quantity\":\" PANTRY DESIGN\\\"\"")
                .endsWith("\"Country\":\"17850\"}\n");
    }

    private static String convert(String line) {
        return new String(AGENT_JSON.convert((line + "\n").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
