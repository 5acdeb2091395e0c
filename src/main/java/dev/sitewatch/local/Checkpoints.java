package dev.sitewatch.local;

/**
 * The last delivered sequence number per shard, kept in system properties so that it survives dev mode's restarts
 * (each restart loads our classes afresh; the JVM and the emulator stay). The scope names the emulator instance
 * (its endpoint) and the stream: another emulator's sequence numbers mean nothing to this one.
 */
final class Checkpoints {

    private Checkpoints() {
    }

    static void save(String scope, String shardId, String sequenceNumber) {
        System.setProperty(key(scope, shardId), sequenceNumber);
    }

    static String load(String scope, String shardId) {
        return System.getProperty(key(scope, shardId));
    }

    static void clear(String scope, String shardId) {
        System.clearProperty(key(scope, shardId));
    }

    private static String key(String scope, String shardId) {
        return "sitewatch-local.checkpoint." + scope + "." + shardId;
    }
}
