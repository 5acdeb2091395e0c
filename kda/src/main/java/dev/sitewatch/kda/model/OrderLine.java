package dev.sitewatch.kda.model;

/**
 * One order line as the Kinesis Agent's CSVTOJSON writes it, reduced to what detection needs. The detector counts
 * order lines: one Kinesis record is one "order" (the legacy SQL's {@code COUNT(*)}), so an invoice with five lines
 * counts five times. {@code customer} may be blank (about a quarter of real lines); blank lines still count for
 * {@code ORDER_FLOOD} but never for a customer.
 */
public record OrderLine(String invoiceNo, String stockCode, String quantity, String customer, String country) {

    /** Cancellations ({@code InvoiceNo} starting with {@code C}) are not orders placed. */
    public boolean isCancellation() {
        return !invoiceNo.isEmpty() && (invoiceNo.charAt(0) == 'C' || invoiceNo.charAt(0) == 'c');
    }

    public boolean hasCustomer() {
        return !customer.isBlank();
    }
}
