package dev.sitewatch.bench;

/**
 * The cold-start baseline: a JVM that loads one class and prints the harness line at once. Kept apart from
 * {@link ColdStartHarness}, whose Lambda types would not even load on this JVM's bare classpath.
 */
public final class ColdStartBaseline {

    private ColdStartBaseline() {
    }

    public static void main(String[] args) {
        long entered = System.currentTimeMillis();
        System.out.println("HARNESS " + entered + " " + entered + " " + entered + " -1 -1 -");
    }
}
