package dev.sitewatch.local;

/**
 * The last delivered sequence number per shard, kept in system properties so that it survives dev mode's restarts
 * (each restart loads our classes afresh; the JVM and the emulator stay).
 */
final class Checkpoints {

    private Checkpoints() {
    }

    static void save(String stream, String shardId, String sequenceNumber) {
        System.setProperty(key(stream, shardId), sequenceNumber);
    }

    static String load(String stream, String shardId) {
        return System.getProperty(key(stream, shardId));
    }

    private static String key(String stream, String shardId) {
        return "sitewatch-local.checkpoint." + stream + "." + shardId;
    }
}
