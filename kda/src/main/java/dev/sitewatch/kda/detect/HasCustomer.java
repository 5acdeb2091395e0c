package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.OrderLine;
import org.apache.flink.api.common.functions.FilterFunction;

/** Lines without a customer cannot belong to a customer's flood. */
public class HasCustomer implements FilterFunction<OrderLine> {

    @Override
    public boolean filter(OrderLine order) {
        return order.hasCustomer();
    }
}
