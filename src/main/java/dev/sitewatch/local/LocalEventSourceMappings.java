package dev.sitewatch.local;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Lambda's event-source mappings, locally: every shard of a local stream fed to a function's handler by a
 * {@link ShardFeeder}; {@code website-alarms} feeds two functions, each at its own pace and position.
 * Runs in dev mode and the local run ({@code sitewatch.local.feed.enabled}); on AWS, Lambda does this itself.
 */
@ApplicationScoped
public class LocalEventSourceMappings {

    public static final String ORDER_ARCHIVER = "order-archiver";
    public static final String ALARM_NOTIFIER = "alarm-notifier";
    public static final String ALARM_HISTORIAN = "alarm-historian";
    private static final Logger LOG = Logger.getLogger(LocalEventSourceMappings.class);

    @Inject
    LocalConfig config;

    @Inject
    @Any
    Instance<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers;

    /** The latest invocations kept per function: a test's whole run, bounded for a long dev session. */
    static final int KEPT_INVOCATIONS = 10_000;

    /** One batch handed to a function: its shard, its records' sequence numbers, and when. */
    public record Invocation(String shardId, List<String> sequenceNumbers, Instant at) {
    }

    private final List<ShardFeeder> feeders = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Function → its latest invocations, oldest first, so that tests can tell how often a record was delivered. */
    private final Map<String, Deque<Invocation>> invocations = new java.util.concurrent.ConcurrentHashMap<>();
    /** Function → the stream it is fed from, kept for {@link #restart}. */
    private final Map<String, String> streams = new java.util.concurrent.ConcurrentHashMap<>();
    private ExecutorService executor;
    private String endpoint;
    private KinesisClient kinesis;

    void start(@Observes StartupEvent startup) {
        if (!config.feed().enabled()) {
            return;
        }
        endpoint = config.kinesisEndpoint().orElseThrow(() -> new IllegalStateException(
                "sitewatch.local.feed.enabled needs sitewatch.local.kinesis-endpoint (set by the local components)"));
        kinesis = KinesisClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "local-event-source");
            thread.setDaemon(true);
            return thread;
        });
        streams.put(ORDER_ARCHIVER, config.ordersStream());
        streams.put(ALARM_NOTIFIER, config.alarmsStream());
        streams.put(ALARM_HISTORIAN, config.alarmsStream());
        streams.keySet().forEach(this::map);
        executor.execute(this::reportThroughput);
    }

    /**
     * As template.yaml maps them: orders in batches gathered for a while; alarms to the notifier at once, with
     * bounded retries; alarms to the historian at once, retried until the database is back or they are too old.
     */
    private MappingSettings settings(String function) {
        LocalConfig.Feed feed = config.feed();
        return switch (function) {
            case ALARM_NOTIFIER -> new MappingSettings(feed.batchSize(), feed.alarmsBatchingWindow(),
                    feed.maxRetryAttempts(), null, feed.pollInterval());
            case ALARM_HISTORIAN -> new MappingSettings(feed.batchSize(), feed.alarmsBatchingWindow(), -1,
                    feed.historyMaxRecordAge(), feed.pollInterval());
            default -> new MappingSettings(feed.batchSize(), feed.batchingWindow(), feed.maxRetryAttempts(), null,
                    feed.pollInterval());
        };
    }

    /** Every 30 s, one line per mapping with what was delivered, so the console shows orders flowing. */
    private void reportThroughput() {
        Map<String, Long> last = new java.util.HashMap<>();
        try {
            while (!executor.isShutdown()) {
                Thread.sleep(30_000);
                Map<String, Long> now = new java.util.TreeMap<>();
                feeders.forEach(f -> now.merge(f.stream() + " → " + f.function(), f.delivered(), Long::sum));
                now.forEach((feed, delivered) -> {
                    long delta = delivered - last.getOrDefault(feed, 0L);
                    if (delta > 0) {
                        LOG.infof("%s: %d records in the last 30 s", feed, delta);
                    }
                });
                last.putAll(now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the feeders of {@code function} and starts them again from the start of its stream: every record is
     * delivered once more, as after a function that crashed before its checkpoint, or a replay.
     */
    public void redeliverFromStart(String function) throws InterruptedException {
        List<ShardFeeder> old = feedersOf(function);
        old.forEach(ShardFeeder::stop);
        for (ShardFeeder feeder : old) {
            feeder.awaitStopped();
            feeders.remove(feeder);
            feeder.clearCheckpoint();
        }
        map(function);
    }

    /**
     * {@code function} crashes: its feeders stop at once, the batch in flight is not checkpointed. Nothing feeds it
     * until {@link #restart}.
     */
    public void kill(String function) {
        List<ShardFeeder> killed = feedersOf(function);
        killed.forEach(ShardFeeder::kill);
        feeders.removeAll(killed);
        LOG.infof("Killed %s: %d shard feeders of %s stopped, batches in flight not checkpointed",
                function, killed.size(), streams.get(function));
    }

    /** Feeds {@code function} again after {@link #kill}, from the last checkpoint of each shard, as Lambda would. */
    public void restart(String function) {
        if (feeders.stream().anyMatch(f -> f.function().equals(function))) {
            throw new IllegalStateException(function + " is still fed; kill it first");
        }
        if (!streams.containsKey(function)) {
            throw new IllegalArgumentException(function + " was never fed");
        }
        map(function);
    }

    /** Whether {@code function} is handling a batch right now. */
    public boolean invoking(String function) {
        return feedersOf(function).stream().anyMatch(ShardFeeder::invoking);
    }

    /** The batches handed to {@code function} (the latest {@value #KEPT_INVOCATIONS}), oldest first. */
    public List<Invocation> invocations(String function) {
        Deque<Invocation> log = invocations.getOrDefault(function, new ArrayDeque<>());
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void invoked(String function, String shardId, List<String> sequenceNumbers) {
        Deque<Invocation> log = invocations.computeIfAbsent(function, f -> new ArrayDeque<>());
        synchronized (log) {
            if (log.size() == KEPT_INVOCATIONS) {
                log.removeFirst();
            }
            log.addLast(new Invocation(shardId, sequenceNumbers, Instant.now()));
        }
    }

    /** Whether every shard has been delivered to {@code function} up to its newest record. */
    public boolean caughtUp(String function) {
        return feedersOf(function).stream().allMatch(ShardFeeder::caughtUp);
    }

    private List<ShardFeeder> feedersOf(String function) {
        List<ShardFeeder> fed = feeders.stream().filter(f -> f.function().equals(function)).toList();
        if (fed.isEmpty()) {
            throw new IllegalArgumentException(function + " is not fed");
        }
        return fed;
    }

    private void map(String function) {
        String stream = streams.get(function);
        Instance<RequestHandler<KinesisEvent, StreamsEventResponse>> handler = handlers.select(NamedLiteral.of(function));
        if (!handler.isResolvable()) {
            LOG.warnf("No handler named %s: stream %s is not fed to it", function, stream);
            return;
        }
        MappingSettings settings = settings(function);
        String streamArn = kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamARN();
        List<Shard> shards = kinesis.listShards(r -> r.streamName(stream)).shards();
        for (Shard shard : shards) {
            ShardFeeder feeder = new ShardFeeder(kinesis, endpoint, stream, streamArn, shard.shardId(), function,
                    handler.get(), settings, batch -> invoked(function, shard.shardId(), batch));
            feeders.add(feeder);
            executor.execute(feeder);
        }
        LOG.infof("Feeding %s (%d shards) to %s: batches of up to %d, window %s, %s", stream, shards.size(), function,
                settings.batchSize(), settings.batchingWindow(), settings.maxRetryAttempts() < 0
                        ? "retried until " + settings.maxRecordAge() + " old" : settings.maxRetryAttempts() + " retries");
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        feeders.forEach(ShardFeeder::stop);
        for (ShardFeeder feeder : feeders) {
            feeder.awaitStopped(); // a batch in flight is finished, not cut off
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (kinesis != null) {
            kinesis.close();
        }
    }
}
