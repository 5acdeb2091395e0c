package dev.sitewatch.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One order line, typed. The shop logs every value as text; what could not be read as a number or a date is
 * {@code null} here, named in {@link #warnings()}, and still present in the raw line.
 *
 * @param customer    {@code null} when the shop logged no customer (about a quarter of real lines)
 * @param cancelled   the invoice number starts with {@code C}: a cancellation, not an order placed
 * @param invoiceDate the invoice time in UTC
 */
public record OrderLine(String invoiceNo, String stockCode, String description, BigDecimal quantity,
                        Instant invoiceDate, BigDecimal unitPrice, String customer, String country,
                        boolean cancelled, List<String> warnings) {

    public OrderLine {
        warnings = List.copyOf(warnings);
    }
}
