package dev.sitewatch.kda.io;

/** A record that is not an order line; the message says why and ends up in the dead letter. */
public class InvalidOrderLine extends Exception {

    public InvalidOrderLine(String reason) {
        super(reason, null, false, false);
    }
}
