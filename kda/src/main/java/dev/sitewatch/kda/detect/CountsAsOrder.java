package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.OrderLine;
import org.apache.flink.api.common.functions.FilterFunction;

/** Keeps the order lines that count towards a flood: cancellations only when configured to count. */
public class CountsAsOrder implements FilterFunction<OrderLine> {

    private final boolean countCancellations;

    public CountsAsOrder(boolean countCancellations) {
        this.countCancellations = countCancellations;
    }

    @Override
    public boolean filter(OrderLine order) {
        return countCancellations || !order.isCancellation();
    }
}
