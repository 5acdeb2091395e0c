package dev.sitewatch.order;

/** What {@link OrderLineParser} made of one record: an order line, or the reason it is not one. */
public sealed interface ParsedLine {

    record Valid(OrderLine line) implements ParsedLine {
    }

    record Malformed(String reason) implements ParsedLine {
    }
}
