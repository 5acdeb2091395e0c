package dev.sitewatch.order;

/** Order lines shaped like the UCI Online Retail data set, as the Kinesis Agent's CSVTOJSON writes them. */
final class OrderLines {

    private OrderLines() {
    }

    static String line(String invoiceNo, String stockCode, String description, String quantity, String invoiceDate,
                       String unitPrice, String customer, String country) {
        return """
                {"InvoiceNo":"%s","StockCode":"%s","Description":"%s","Quantity":"%s","InvoiceDate":"%s",\
                "UnitPrice":"%s","Customer":"%s","Country":"%s"}"""
                .formatted(invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customer, country);
    }

    static String line(String invoiceNo, String stockCode, String customer) {
        return line(invoiceNo, stockCode, "WHITE HANGING HEART T-LIGHT HOLDER", "6", "12/1/2010 8:26", "2.55",
                customer, "United Kingdom");
    }
}
