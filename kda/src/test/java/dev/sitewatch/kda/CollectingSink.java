package dev.sitewatch.kda;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink that keeps what it receives in memory, with the wall-clock time it received each, for MiniCluster tests
 * (all subtasks share the JVM). Each instance has its own bucket, so two runs in one test do not mix.
 */
public class CollectingSink<T> implements Sink<T> {

    /** A value and {@link System#currentTimeMillis()} when the sink got it. */
    public record Received<T>(T value, long receivedAt) {
    }

    private static final Map<String, ConcurrentLinkedQueue<Received<?>>> BUCKETS = new ConcurrentHashMap<>();

    private final String bucket = UUID.randomUUID().toString();

    public CollectingSink() {
        BUCKETS.put(bucket, new ConcurrentLinkedQueue<>());
    }

    public List<T> values() {
        return received().stream().map(Received::value).toList();
    }

    @SuppressWarnings("unchecked")
    public List<Received<T>> received() {
        List<Received<T>> received = new ArrayList<>();
        BUCKETS.get(bucket).forEach(r -> received.add((Received<T>) r));
        return received;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) {
        ConcurrentLinkedQueue<Received<?>> values = BUCKETS.get(bucket);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                values.add(new Received<>(element, System.currentTimeMillis()));
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
