package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.OrderLine;
import org.apache.flink.api.java.functions.KeySelector;

public class ByCustomer implements KeySelector<OrderLine, String> {

    @Override
    public String getKey(OrderLine order) {
        return order.customer();
    }
}
