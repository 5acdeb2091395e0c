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
 * A sink that keeps what it receives in memory, for MiniCluster tests (all subtasks share the JVM). Each instance
 * has its own bucket, so two runs in one test do not mix.
 */
public class CollectingSink<T> implements Sink<T> {

    private static final Map<String, ConcurrentLinkedQueue<Object>> BUCKETS = new ConcurrentHashMap<>();

    private final String bucket = UUID.randomUUID().toString();

    public CollectingSink() {
        BUCKETS.put(bucket, new ConcurrentLinkedQueue<>());
    }

    @SuppressWarnings("unchecked")
    public List<T> values() {
        return new ArrayList<>((ConcurrentLinkedQueue<T>) (ConcurrentLinkedQueue<?>) BUCKETS.get(bucket));
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) {
        ConcurrentLinkedQueue<Object> values = BUCKETS.get(bucket);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                values.add(element);
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
