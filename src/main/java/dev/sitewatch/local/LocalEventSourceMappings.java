package dev.sitewatch.local;

import java.net.URI;
import java.util.ArrayList;
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
 * Lambda's event-source mappings, locally: every shard of a local stream fed to its handler by a {@link ShardFeeder}.
 * Runs in dev mode and the local run ({@code sitewatch.local.feed.enabled}); on AWS, Lambda does this itself.
 */
@ApplicationScoped
public class LocalEventSourceMappings {

    private static final Logger LOG = Logger.getLogger(LocalEventSourceMappings.class);

    @Inject
    LocalConfig config;

    @Inject
    @Any
    Instance<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers;

    private final List<ShardFeeder> feeders = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Stream → the function it feeds, kept for {@link #restart}. */
    private final Map<String, String> functions = new java.util.concurrent.ConcurrentHashMap<>();
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
        map(config.ordersStream(), "order-archiver");
        map(config.alarmsStream(), "alarm-notifier");
        executor.execute(this::reportThroughput);
    }

    /** Every 30 s, one line per stream with what was delivered, so the console shows orders flowing. */
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
     * Stops the feeders of {@code stream} and starts them again from the start of the stream: every record is
     * delivered once more, as after a function that crashed before its checkpoint, or a replay.
     */
    public void redeliverFromStart(String stream) throws InterruptedException {
        List<ShardFeeder> old = feedersOf(stream);
        old.forEach(ShardFeeder::stop);
        for (ShardFeeder feeder : old) {
            feeder.awaitStopped();
            feeders.remove(feeder);
            feeder.clearCheckpoint();
        }
        map(stream, old.get(0).function());
    }

    /**
     * The function fed from {@code stream} crashes: its feeders stop at once, the batch in flight is not
     * checkpointed. Nothing feeds the stream until {@link #restart}.
     */
    public void kill(String stream) {
        List<ShardFeeder> killed = feedersOf(stream);
        killed.forEach(ShardFeeder::kill);
        feeders.removeAll(killed);
        LOG.infof("Killed %s: %d shard feeders of %s stopped, batches in flight not checkpointed",
                killed.get(0).function(), killed.size(), stream);
    }

    /** Feeds {@code stream} again after {@link #kill}, from the last checkpoint of each shard, as Lambda would. */
    public void restart(String stream) {
        if (feeders.stream().anyMatch(f -> f.stream().equals(stream))) {
            throw new IllegalStateException("Stream " + stream + " is still fed; kill it first");
        }
        String function = functions.get(stream);
        if (function == null) {
            throw new IllegalArgumentException("Stream " + stream + " was never fed");
        }
        map(stream, function);
    }

    /** Whether the function fed from {@code stream} is handling a batch right now. */
    public boolean invoking(String stream) {
        return feeders.stream().filter(f -> f.stream().equals(stream)).anyMatch(ShardFeeder::invoking);
    }

    private List<ShardFeeder> feedersOf(String stream) {
        List<ShardFeeder> fed = feeders.stream().filter(f -> f.stream().equals(stream)).toList();
        if (fed.isEmpty()) {
            throw new IllegalArgumentException("Stream " + stream + " is not fed");
        }
        return fed;
    }

    /** Whether every shard of {@code stream} has been delivered up to its newest record. */
    public boolean caughtUp(String stream) {
        return feeders.stream().filter(f -> f.stream().equals(stream)).allMatch(ShardFeeder::caughtUp);
    }

    private void map(String stream, String function) {
        Instance<RequestHandler<KinesisEvent, StreamsEventResponse>> handler = handlers.select(NamedLiteral.of(function));
        if (!handler.isResolvable()) {
            LOG.warnf("No handler named %s: stream %s is not fed", function, stream);
            return;
        }
        functions.put(stream, function);
        String streamArn = kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamARN();
        List<Shard> shards = kinesis.listShards(r -> r.streamName(stream)).shards();
        for (Shard shard : shards) {
            ShardFeeder feeder = new ShardFeeder(kinesis, endpoint, stream, streamArn, shard.shardId(), function,
                    handler.get(), config.feed());
            feeders.add(feeder);
            executor.execute(feeder);
        }
        LOG.infof("Feeding %s (%d shards) to %s: batches of up to %d, window %s, %d retries",
                stream, shards.size(), function, config.feed().batchSize(), config.feed().batchingWindow(),
                config.feed().maxRetryAttempts());
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
