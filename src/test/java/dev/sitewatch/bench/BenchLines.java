package dev.sitewatch.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import dev.sitewatch.kinesis.StreamRecord;

/**
 * Order lines shaped like the UCI Online Retail data as the Kinesis Agent's CSVTOJSON writes them: four lines an
 * invoice with distinct stock codes (so no two lines share a key and every line is one item), a quarter without
 * customer, 2 % cancellations, and optionally a share of records that are not JSON at all.
 */
final class BenchLines {

    static final String STREAM = "website-orders";
    private static final String[] STOCK = {"85123A", "71053", "84406B", "84029G", "84029E", "22752", "21730",
        "22633", "22632", "84879", "22745", "22748", "22749", "22310", "84969", "22623"};
    private static final String[] DESCRIPTION = {"WHITE HANGING HEART T-LIGHT HOLDER", "WHITE METAL LANTERN",
        "CREAM CUPID HEARTS COAT HANGER", "KNITTED UNION FLAG HOT WATER BOTTLE", "RED WOOLLY HOTTIE WHITE HEART.",
        "SET 7 BABUSHKA NESTING BOXES", "GLASS STAR FROSTED T-LIGHT HOLDER", "HAND WARMER UNION JACK"};
    private static final String[] COUNTRY = {"United Kingdom", "United Kingdom", "United Kingdom", "France",
        "Germany", "EIRE", "Netherlands", "Spain"};

    private BenchLines() {
    }

    /** {@code count} records of stream {@code website-orders}; {@code malformedShare} of them are not JSON. */
    static List<StreamRecord> records(int count, long seed, double malformedShare) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant arrived = Instant.parse("2026-11-25T14:00:00Z");
        List<StreamRecord> records = new ArrayList<>(count);
        String invoice = null;
        String customer = null;
        int base = 0;
        for (int i = 0; i < count; i++) {
            if (i % 4 == 0) {
                boolean cancelled = random.nextInt(50) == 0;
                invoice = (cancelled ? "C" : "") + (536_365 + i / 4 + seed * 10_000_000L);
                customer = random.nextInt(4) == 0 ? "" : String.valueOf(12_346 + random.nextInt(6_000)) + ".0";
                base = random.nextInt(STOCK.length);
            }
            String data = random.nextDouble() < malformedShare
                    ? "InvoiceNo,StockCode,Description " + i + " (a CSV header, not JSON)"
                    : String.format(Locale.ROOT, "{\"InvoiceNo\":\"%s\",\"StockCode\":\"%s\",\"Description\":\"%s\","
                            + "\"Quantity\":\"%d\",\"InvoiceDate\":\"12/%d/2010 %d:%02d\",\"UnitPrice\":\"%d.%02d\","
                            + "\"Customer\":\"%s\",\"Country\":\"%s\"}",
                    invoice, STOCK[(base + i % 4) % STOCK.length], DESCRIPTION[random.nextInt(DESCRIPTION.length)],
                    1 + random.nextInt(24), 1 + random.nextInt(28), 8 + random.nextInt(10), random.nextInt(60),
                    random.nextInt(20), random.nextInt(100), customer, COUNTRY[random.nextInt(COUNTRY.length)]);
            String sequence = String.format(Locale.ROOT, "4959%046d", seed * 100_000_000L + i);
            records.add(new StreamRecord("shardId-000000000000:" + sequence, STREAM, sequence,
                    String.valueOf(i % 64), arrived.plusMillis(i), data.getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }
}
