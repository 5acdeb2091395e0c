package dev.sitewatch.local;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Feeds one shard to one handler the way a Lambda event-source mapping does: batches of up to {@code batchSize}
 * records gathered for at most the batching window, one batch in flight per shard (order is kept), a reported
 * partial failure retried from the lowest failed sequence number, a thrown error retried whole, and after the last
 * retry the batch's description handed to the on-failure destination (here: the log) and the shard moved on.
 */
final class ShardFeeder implements Runnable {

    private static final Logger LOG = Logger.getLogger(ShardFeeder.class);

    private final KinesisClient kinesis;
    private final String stream;
    private final String checkpointScope;
    private final String streamArn;
    private final String shardId;
    private final String function;
    private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;
    private final MappingSettings settings;
    private final Consumer<List<String>> invocations;
    private volatile boolean running = true;
    private volatile boolean killed;
    private volatile boolean invoking;
    private volatile boolean caughtUp;
    private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    /** @param invocations told the sequence numbers of each batch just before it is handed to the function */
    ShardFeeder(KinesisClient kinesis, String endpoint, String stream, String streamArn, String shardId, String function,
                RequestHandler<KinesisEvent, StreamsEventResponse> handler, MappingSettings settings,
                Consumer<List<String>> invocations) {
        this.kinesis = kinesis;
        this.stream = stream;
        // two functions reading one stream keep their own positions, as two event-source mappings do
        this.checkpointScope = endpoint + "/" + stream + "/" + function;
        this.streamArn = streamArn;
        this.shardId = shardId;
        this.function = function;
        this.handler = handler;
        this.settings = settings;
        this.invocations = invocations;
    }

    void stop() {
        running = false;
    }

    /**
     * As if the function crashed: the feeder stops without waiting for the batch in flight and never checkpoints
     * it, so whatever feeds the shard next delivers that batch again. A JVM thread cannot be killed, so the call in
     * flight runs to its end on its own; like a crashed invocation whose requests had already reached their targets.
     */
    synchronized void kill() {
        killed = true;
        running = false;
    }

    /** Records a delivered batch, unless the feeder was killed meanwhile: then its successor delivers it again. */
    private synchronized boolean checkpoint(List<Record> batch) {
        if (killed) {
            return false;
        }
        delivered.addAndGet(batch.size());
        Checkpoints.save(checkpointScope, shardId, batch.get(batch.size() - 1).sequenceNumber());
        return true;
    }

    /** A batch is being handed to the function right now. */
    boolean invoking() {
        return invoking;
    }

    void awaitStopped() throws InterruptedException {
        stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    String stream() {
        return stream;
    }

    void clearCheckpoint() {
        Checkpoints.clear(checkpointScope, shardId);
    }

    String shardId() {
        return shardId;
    }

    String function() {
        return function;
    }

    /** Records handed on (after retries or the on-failure destination) since this feeder started. */
    long delivered() {
        return delivered.get();
    }

    /** Nothing newer in the shard than what has been delivered (as of the last poll). */
    boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public void run() {
        try {
            String iterator = startIterator();
            List<Record> batch = new ArrayList<>();
            long windowEnds = 0;
            while (running && iterator != null) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(current)
                        .limit(settings.batchSize() - batch.size()));
                iterator = response.nextShardIterator();
                caughtUp = response.records().isEmpty() && batch.isEmpty()
                        && (response.millisBehindLatest() == null || response.millisBehindLatest() == 0);
                if (batch.isEmpty() && !response.records().isEmpty()) {
                    windowEnds = System.currentTimeMillis() + settings.batchingWindow().toMillis();
                }
                batch.addAll(response.records());
                boolean full = batch.size() >= settings.batchSize();
                if (!batch.isEmpty() && (full || System.currentTimeMillis() >= windowEnds)) {
                    if (!deliver(List.copyOf(batch)) || !checkpoint(batch)) {
                        return;
                    }
                    batch.clear();
                } else if (response.records().isEmpty()) {
                    Thread.sleep(settings.pollInterval().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "Feeding %s/%s to %s stopped", stream, shardId, function);
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Resumes after the last delivered record when dev mode restarts the app; from the start otherwise. */
    private String startIterator() {
        String checkpoint = Checkpoints.load(checkpointScope, shardId);
        if (checkpoint != null) {
            try {
                return kinesis.getShardIterator(r -> r.streamName(stream).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .startingSequenceNumber(checkpoint)).shardIterator();
            } catch (KinesisException unknownToThisStream) {
                LOG.warnf("Checkpoint %s of %s/%s is unknown to the stream; starting from its beginning",
                        checkpoint, stream, shardId);
            }
        }
        return kinesis.getShardIterator(r -> r.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }

    /** @return whether the batch was handed on (done, or given up to the on-failure destination) */
    private boolean deliver(List<Record> batch) throws InterruptedException {
        List<Record> pending = batch;
        for (int attempt = 0; ; attempt++) {
            Set<String> failed = invoke(pending);
            if (failed.isEmpty()) {
                return true;
            }
            if (!running) {
                return false; // stopped or killed while retrying: whoever feeds the shard next starts here
            }
            // Lambda retries from the lowest reported sequence number, records after it included.
            BigInteger lowest = failed.stream().map(BigInteger::new).min(Comparator.naturalOrder()).orElseThrow();
            pending = pending.stream().filter(r -> new BigInteger(r.sequenceNumber()).compareTo(lowest) >= 0).toList();
            if (pending.isEmpty()) {
                LOG.warnf("%s reported sequence numbers not in its batch: %s", function, failed);
                return true;
            }
            if (settings.retriesExhausted(attempt, pending.get(0).approximateArrivalTimestamp(), Instant.now())) {
                LOG.errorf("On-failure destination: %s gave up on %d records of %s/%s (sequence numbers %s to %s) "
                                + "after %d retries", function, pending.size(), stream, shardId,
                        pending.get(0).sequenceNumber(), pending.get(pending.size() - 1).sequenceNumber(), attempt);
                return true;
            }
            Thread.sleep(Math.min(5_000L, 200L << Math.min(attempt, 5)));
        }
    }

    private Set<String> invoke(List<Record> records) {
        invocations.accept(records.stream().map(Record::sequenceNumber).toList());
        invoking = true;
        try {
            StreamsEventResponse response = handler.handleRequest(event(records),
                    LocalLambdaContext.forInvocation(function));
            if (response == null || response.getBatchItemFailures() == null) {
                return Set.of();
            }
            return response.getBatchItemFailures().stream()
                    .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s failed on a batch of %d records from %s/%s", function, records.size(), stream, shardId);
            return records.stream().map(Record::sequenceNumber).collect(Collectors.toSet());
        } finally {
            invoking = false;
        }
    }

    private KinesisEvent event(List<Record> records) {
        KinesisEvent event = new KinesisEvent();
        event.setRecords(records.stream().map(this::eventRecord).toList());
        return event;
    }

    private KinesisEvent.KinesisEventRecord eventRecord(Record record) {
        KinesisEvent.Record kinesisRecord = new KinesisEvent.Record();
        kinesisRecord.setKinesisSchemaVersion("1.0");
        kinesisRecord.setPartitionKey(record.partitionKey());
        kinesisRecord.setSequenceNumber(record.sequenceNumber());
        kinesisRecord.setData(ByteBuffer.wrap(record.data().asByteArray()));
        kinesisRecord.setApproximateArrivalTimestamp(Date.from(record.approximateArrivalTimestamp()));
        KinesisEvent.KinesisEventRecord eventRecord = new KinesisEvent.KinesisEventRecord();
        eventRecord.setKinesis(kinesisRecord);
        eventRecord.setEventSource("aws:kinesis");
        eventRecord.setEventName("aws:kinesis:record");
        eventRecord.setEventVersion("1.0");
        eventRecord.setEventID(shardId + ":" + record.sequenceNumber());
        eventRecord.setEventSourceARN(streamArn);
        eventRecord.setAwsRegion(LocalAws.REGION);
        eventRecord.setInvokeIdentityArn("arn:aws:iam::000000000000:role/" + function);
        return eventRecord;
    }
}
