package dev.sitewatch.kda;

import dev.sitewatch.kda.model.OrderLine;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Times and orders for the tests (flink-training's fixtures idiom). */
public final class Fixtures {

    /** A real-looking epoch: event times at or below 0 are dropped by some Flink paths. */
    public static final long T0 = Instant.parse("2026-11-25T14:00:00Z").toEpochMilli();
    public static final long SECOND = 1_000;
    public static final long MINUTE = 60 * SECOND;

    public static final String ORDERS_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/website-orders";
    public static final String ALARMS_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/website-alarms";

    private Fixtures() {
    }

    public static OrderLine order(String customer, String country, String stockCode) {
        return new OrderLine("536365", stockCode, "6", customer, country);
    }

    /** An ordinary order line arriving at {@code time}. */
    public static StreamRecord<OrderLine> orderAt(long time) {
        return new StreamRecord<>(order("17850", "United Kingdom", "85123A"), time);
    }

    public static StreamRecord<OrderLine> orderAt(long time, String customer, String country, String stockCode) {
        return new StreamRecord<>(order(customer, country, stockCode), time);
    }

    /** {@code count} ordinary orders, one every {@code step} ms from {@code start}. */
    public static List<StreamRecord<OrderLine>> ordersEvery(long start, long step, int count) {
        List<StreamRecord<OrderLine>> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(orderAt(start + i * step));
        }
        return orders;
    }

    /** An order line as the agent writes it: every value a string. */
    public static String json(String invoiceNo, String stockCode, String customer, String country) {
        return "{\"InvoiceNo\":\"" + invoiceNo + "\",\"StockCode\":\"" + stockCode
                + "\",\"Description\":\"WHITE HANGING HEART T-LIGHT HOLDER\",\"Quantity\":\"6\","
                + "\"InvoiceDate\":\"12/1/2010 8:26\",\"UnitPrice\":\"2.55\",\"Customer\":\"" + customer
                + "\",\"Country\":\"" + country + "\"}";
    }

    public static RawRecord lineAt(long time, String payload) {
        return new RawRecord(payload, time, "shardId-000000000000/" + time);
    }

    public static RawRecord lineAt(long time) {
        return lineAt(time, json("536365", "85123A", "17850", "United Kingdom"));
    }

    /** A valid configuration with the defaults, changed by {@code detector} ("order.threshold" → "10", ...). */
    public static DetectorConfig config(Map<String, String> detector) {
        Map<String, Properties> groups = new HashMap<>();
        groups.put(DetectorConfig.INPUT, group(Map.of(DetectorConfig.STREAM_ARN, ORDERS_ARN)));
        groups.put(DetectorConfig.OUTPUT, group(Map.of(DetectorConfig.STREAM_ARN, ALARMS_ARN)));
        groups.put(DetectorConfig.DETECTOR, group(detector));
        return DetectorConfig.fromProperties(groups);
    }

    public static DetectorConfig config() {
        return config(Map.of());
    }

    public static Properties group(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }
}
