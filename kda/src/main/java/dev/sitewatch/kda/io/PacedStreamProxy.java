package dev.sitewatch.kda.io;

import org.apache.flink.connector.kinesis.source.proxy.StreamProxy;
import org.apache.flink.connector.kinesis.source.split.StartingPosition;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Shard;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls GetRecords on a shard at most once per interval. Connector 4.3.0's polling reader reads a shard again as soon
 * as a read returns, full or empty, which on real Kinesis is far more than the 5 reads a second per shard that all
 * of a stream's consumers share: the job would throttle itself and starve the order-archiver. Sleeping here blocks
 * only the reader's fetcher thread, which has nothing else to do.
 */
final class PacedStreamProxy implements StreamProxy {

    /** Sleeps; a seam so that tests need not wait. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final StreamProxy delegate;
    private final long intervalNanos;
    private final Sleeper sleeper;
    private final Map<String, Long> lastRead = new ConcurrentHashMap<>();

    PacedStreamProxy(StreamProxy delegate, Duration interval) {
        this(delegate, interval, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    PacedStreamProxy(StreamProxy delegate, Duration interval, Sleeper sleeper) {
        this.delegate = delegate;
        this.intervalNanos = interval.toNanos();
        this.sleeper = sleeper;
    }

    @Override
    public List<Shard> listShards(String streamArn, String lastSeenShardId) {
        return delegate.listShards(streamArn, lastSeenShardId);
    }

    @Override
    public GetRecordsResponse getRecords(String streamArn, String shardId, StartingPosition startingPosition) {
        Long last = lastRead.get(shardId);
        if (last != null) {
            long wait = last + intervalNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            return delegate.getRecords(streamArn, shardId, startingPosition);
        } finally {
            lastRead.put(shardId, System.nanoTime());
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
