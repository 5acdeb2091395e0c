package dev.sitewatch.kda.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sitewatch.kda.model.OrderLine;

import java.io.IOException;

/**
 * Reads one order line, leniently: every value is a string in what the agent writes, but numbers and booleans are
 * taken as their text too; unknown fields are skipped; missing or null fields are blank. Only a missing or blank
 * {@code InvoiceNo}, a nested value, or text that is not one JSON object makes the record invalid.
 */
public final class OrderLineJson {

    private static final JsonFactory JSON = new JsonFactory();

    private OrderLineJson() {
    }

    public static OrderLine parse(String payload) throws InvalidOrderLine {
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidOrderLine("not a JSON object");
            }
            String invoiceNo = "";
            String stockCode = "";
            String quantity = "";
            String customer = "";
            String country = "";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "InvoiceNo" -> invoiceNo = scalar(parser, value, field);
                    case "StockCode" -> stockCode = scalar(parser, value, field);
                    case "Quantity" -> quantity = scalar(parser, value, field);
                    case "Customer" -> customer = customerId(scalar(parser, value, field));
                    case "Country" -> country = scalar(parser, value, field);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidOrderLine("not a single JSON object");
            }
            if (invoiceNo.isEmpty()) {
                throw new InvalidOrderLine("missing InvoiceNo");
            }
            return new OrderLine(invoiceNo, stockCode, quantity, customer, country);
        } catch (JsonProcessingException e) {
            throw new InvalidOrderLine("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidOrderLine("unreadable: " + e.getMessage());
        }
    }

    /**
     * Spreadsheet exports write customer ids as {@code 17850.0}: the same customer as {@code 17850}, keyed the same
     * way as the order-archiver keys it, so a customer's alarm names the customer its orders are stored under.
     */
    static String customerId(String value) {
        int digits = value.length() - 2;
        return digits > 0 && value.endsWith(".0") && value.chars().limit(digits).allMatch(Character::isDigit)
                ? value.substring(0, digits) : value;
    }

    private static String scalar(JsonParser parser, JsonToken value, String field) throws IOException, InvalidOrderLine {
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        if (value.isScalarValue()) {
            return parser.getText().trim();
        }
        throw new InvalidOrderLine(field + " is not a string");
    }
}
