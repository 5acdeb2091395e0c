package dev.sitewatch.kda.detect;

import dev.sitewatch.kda.model.OrderLine;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * One key for every order: the site-wide count is a single global window, so this detector runs on one subtask
 * whatever the parallelism. At the rates a shop's order stream reaches that is not a bottleneck (see BENCHMARKS.md).
 */
public class AllOrders implements KeySelector<OrderLine, String> {

    public static final String KEY = "*";

    @Override
    public String getKey(OrderLine order) {
        return KEY;
    }
}
