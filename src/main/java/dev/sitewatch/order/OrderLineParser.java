package dev.sitewatch.order;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.kinesis.JsonPayload;

/**
 * Reads order lines as the Kinesis Agent's CSVTOJSON writes them (every value a string). Lenient where real data is
 * dirty — numbers and dates that do not parse become warnings, not rejections — and strict only about what the
 * line's key needs: a JSON object with an {@code InvoiceNo} and a {@code StockCode}.
 */
public final class OrderLineParser {

    /** The fields of an order line, in the order the shop writes its CSV columns (and the agent names them). */
    public static final List<String> FIELDS = List.of("InvoiceNo", "StockCode", "Description", "Quantity",
            "InvoiceDate", "UnitPrice", "Customer", "Country");

    /** The UCI Online Retail shape, month first: {@code 12/1/2010 8:26}; seconds optional. */
    private static final DateTimeFormatter UCI_DATE = new DateTimeFormatterBuilder()
            .appendPattern("M/d/uuuu H:mm").optionalStart().appendPattern(":ss").optionalEnd()
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    /** {@code 2010-12-01 08:26[:00]} or with a {@code T}. */
    private static final DateTimeFormatter ISO_LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private final JsonPayload payloads;
    private final ZoneId shopZone;
    private final int maxLineBytes;

    /**
     * @param shopZone     the zone the shop writes {@code InvoiceDate} in (dates carry no offset)
     * @param maxLineBytes longer records are rejected: an order line is well under 1 KB, and the item must fit
     *                     DynamoDB's 400 KB limit together with its raw text
     */
    public OrderLineParser(ObjectMapper mapper, ZoneId shopZone, int maxLineBytes) {
        this.payloads = new JsonPayload(mapper);
        this.shopZone = shopZone;
        this.maxLineBytes = maxLineBytes;
    }

    public Decoded<OrderLine> parse(byte[] data) {
        if (data.length == 0) {
            return Decoded.rejected("empty record");
        }
        if (data.length > maxLineBytes) {
            return Decoded.rejected("record of " + data.length + " bytes exceeds the limit of " + maxLineBytes);
        }
        Decoded<JsonNode> payload = payloads.object(data);
        if (payload instanceof Decoded.Rejected<JsonNode> rejected) {
            return Decoded.rejected(rejected.reason());
        }
        JsonNode json = ((Decoded.Ok<JsonNode>) payload).value();
        List<String> warnings = new ArrayList<>();
        String invoiceNo;
        String stockCode;
        String description;
        String customer;
        String country;
        String quantity;
        String invoiceDate;
        String unitPrice;
        try {
            invoiceNo = text(json, "InvoiceNo");
            stockCode = text(json, "StockCode");
            description = text(json, "Description");
            quantity = text(json, "Quantity");
            invoiceDate = text(json, "InvoiceDate");
            unitPrice = text(json, "UnitPrice");
            customer = customerId(text(json, "Customer"));
            country = text(json, "Country");
        } catch (IllegalArgumentException e) {
            return Decoded.rejected(e.getMessage());
        }
        if (invoiceNo == null) {
            return Decoded.rejected("InvoiceNo missing or blank");
        }
        return Decoded.ok(new OrderLine(
                invoiceNo, stockCode, description,
                number("Quantity", quantity, warnings),
                date(invoiceDate, warnings),
                number("UnitPrice", unitPrice, warnings),
                customer, country,
                invoiceNo.toUpperCase(Locale.ROOT).startsWith("C"),
                warnings));
    }

    /** The field's text, trimmed; {@code null} when absent, JSON null or blank. */
    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw new IllegalArgumentException(field + " is not a single value");
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    /** Spreadsheet exports write customer ids as {@code 17850.0}; it is the same customer as {@code 17850}. */
    private static String customerId(String value) {
        return value != null && value.endsWith(".0") && value.chars().limit(value.length() - 2L).allMatch(Character::isDigit)
                && value.length() > 2 ? value.substring(0, value.length() - 2) : value;
    }

    private static BigDecimal number(String field, String value, List<String> warnings) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            warnings.add(field + " is not a number: " + value);
            return null;
        }
    }

    private Instant date(String value, List<String> warnings) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, UCI_DATE).atZone(shopZone).toInstant();
        } catch (DateTimeParseException notUci) {
            // fall through to the ISO shapes
        }
        try {
            return LocalDateTime.parse(value, ISO_LOCAL).atZone(shopZone).toInstant();
        } catch (DateTimeParseException notLocalIso) {
            // fall through
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            warnings.add("InvoiceDate is not a date: " + value);
            return null;
        }
    }
}
