package dev.sitewatch.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sitewatch.kinesis.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How an order line is stored in {@code WebsiteOrders}.
 * <ul>
 * <li>{@code CustomerID} (partition key): the customer, or {@code ANONYMOUS#<InvoiceNo>} when the shop logged none —
 * stable for redelivery, and spread over invoices so that a quarter of all traffic does not land on one hot
 * partition.</li>
 * <li>{@code OrderID} (sort key): {@code <InvoiceNo>#<StockCode>#<line hash>} (the stock code empty when the line has
 * none). An invoice can list a stock code more
 * than once, and the CSV has no line number, so the last part is a hash of the line's content: two lines of an
 * invoice never overwrite each other, while the same line delivered again (a Lambda retry, or the agent resending
 * it) overwrites itself.</li>
 * </ul>
 */
public final class OrderItem {

    public static final String PARTITION_KEY = "CustomerID";
    public static final String SORT_KEY = "OrderID";
    static final String ANONYMOUS_PREFIX = "ANONYMOUS#";

    private OrderItem() {
    }

    public static String customerKey(OrderLine line) {
        return line.customer() != null ? line.customer() : ANONYMOUS_PREFIX + line.invoiceNo();
    }

    public static String orderKey(OrderLine line) {
        return line.invoiceNo() + "#" + nullToEmpty(line.stockCode()) + "#" + lineHash(line);
    }

    public static Map<String, AttributeValue> of(OrderLine line, StreamRecord record) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PARTITION_KEY, s(customerKey(line)));
        item.put(SORT_KEY, s(orderKey(line)));
        item.put("InvoiceNo", s(line.invoiceNo()));
        putText(item, "StockCode", line.stockCode());
        putText(item, "Description", line.description());
        if (line.quantity() != null) {
            item.put("Quantity", n(line.quantity().toPlainString()));
        }
        if (line.unitPrice() != null) {
            item.put("UnitPrice", n(line.unitPrice().toPlainString()));
        }
        if (line.invoiceDate() != null) {
            item.put("InvoiceDate", s(line.invoiceDate().toString()));
        }
        putText(item, "Customer", line.customer());
        putText(item, "Country", line.country());
        item.put("Cancelled", AttributeValue.fromBool(line.cancelled()));
        if (!line.warnings().isEmpty()) {
            item.put("ParseWarnings", AttributeValue.fromL(line.warnings().stream().map(OrderItem::s).toList()));
        }
        item.put("Raw", s(record.text()));
        item.put("SequenceNumber", s(record.sequenceNumber()));
        if (record.arrivedAt() != null) {
            item.put("ArrivedAt", s(record.arrivedAt().toString()));
        }
        return item;
    }

    /** 8 hex digits of SHA-256 over the line's values: enough to tell apart the lines of one invoice. */
    static String lineHash(OrderLine line) {
        String canonical = String.join("\u001f",
                line.invoiceNo(), nullToEmpty(line.stockCode()), nullToEmpty(line.description()),
                line.quantity() == null ? "" : line.quantity().stripTrailingZeros().toPlainString(),
                line.invoiceDate() == null ? "" : line.invoiceDate().toString(),
                line.unitPrice() == null ? "" : line.unitPrice().stripTrailingZeros().toPlainString(),
                nullToEmpty(line.customer()), nullToEmpty(line.country()),
                String.join("\u001e", line.warnings())); // keeps lines apart whose unparsable values differ
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static void putText(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
