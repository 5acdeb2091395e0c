package dev.sitewatch.kda.bench;

import java.util.SplittableRandom;

/**
 * Generated order lines shaped like the UCI Online Retail data: a quarter without a customer, a few cancellations,
 * one line in a thousand not JSON at all. Kept in a static field because the bench's MiniCluster runs in this JVM:
 * the sources read the lines from here instead of having them serialized into the job graph.
 */
final class BenchLines {

    static final String[] COUNTRIES = {"United Kingdom", "United Kingdom", "United Kingdom", "United Kingdom",
            "United Kingdom", "United Kingdom", "Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium",
            "Switzerland", "Portugal", "Australia", "Norway"};

    static volatile String[] lines = new String[0];

    private BenchLines() {
    }

    static String[] generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] generated = new String[count];
        for (int i = 0; i < count; i++) {
            generated[i] = line(random, i, customerFor(random));
        }
        lines = generated;
        return generated;
    }

    static String customerFor(SplittableRandom random) {
        return random.nextInt(4) == 0 ? "" : String.valueOf(12346 + random.nextInt(4_300));
    }

    static String line(SplittableRandom random, int i, String customer) {
        if (random.nextInt(1_000) == 0) {
            return "<html>502 Bad Gateway</html>";
        }
        return orderLine(random, i, customer, random.nextInt(50) == 0);
    }

    static String orderLine(SplittableRandom random, int i, String customer, boolean cancellation) {
        String invoice = (cancellation ? "C" : "") + (536365 + i / 20);
        return "{\"InvoiceNo\":\"" + invoice + "\",\"StockCode\":\"" + (20_000 + random.nextInt(3_000))
                + "\",\"Description\":\"WHITE HANGING HEART T-LIGHT HOLDER\",\"Quantity\":\""
                + (1 + random.nextInt(24)) + "\",\"InvoiceDate\":\"12/1/2010 8:26\",\"UnitPrice\":\"2.55\","
                + "\"Customer\":\"" + customer + "\",\"Country\":\"" + COUNTRIES[random.nextInt(COUNTRIES.length)]
                + "\"}";
    }
}
