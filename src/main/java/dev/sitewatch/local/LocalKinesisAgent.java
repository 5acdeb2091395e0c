package dev.sitewatch.local;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A stand-in for the Amazon Kinesis Agent, for the local run only: it tails the files of a folder that match a flow
 * of {@code ec2-setup/agent.json}, turns each line into a record as the agent does (its {@code CSVTOJSON}, its
 * partition keys), and puts them on the flow's stream with {@code PutRecords} in the agent's batches (up to
 * {@code maxBufferSizeRecords} and {@code maxBufferSizeBytes}, or after {@code maxBufferAgeMillis}), sending the
 * records a response reports failed again with the agent's back-off (100 ms doubling to 10 s) until they go through.
 * Where it differs from the real agent (no checkpoints, every file read from its start) is in ec2-setup/README.md.
 */
public final class LocalKinesisAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalKinesisAgent.class);
    /** The agent's {@code minTimeBetweenFilePollsMillis}. */
    private static final long POLL_MILLIS = 100;
    private static final long INITIAL_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final long NEVER = Long.MIN_VALUE;

    private final AgentFlow flow;
    private final Path directory;
    private final KinesisClient kinesis;
    private final TailedFiles files;
    private final Thread thread;
    private final List<PutRecordsRequestEntry> buffer = new ArrayList<>();
    private long bufferBytes;
    private long bufferStartedNanos;
    private volatile boolean running = true;
    /** When the last pass began that found nothing new to read and left nothing unsent. */
    private volatile long lastIdlePassNanos = NEVER;
    private volatile Throwable failure;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    private LocalKinesisAgent(AgentFlow flow, Path directory, KinesisClient kinesis) {
        this.flow = flow;
        this.directory = directory;
        this.kinesis = kinesis;
        this.files = new TailedFiles(directory, flow.fileNameMatcher());
        this.thread = new Thread(this::run, "local-kinesis-agent");
        thread.setDaemon(true);
    }

    /**
     * Starts tailing {@code directory}, which stands for the directory of the flow's {@code filePattern}.
     *
     * @param kinesis stays the caller's: the agent does not close it
     */
    public static LocalKinesisAgent start(AgentFlow flow, Path directory, KinesisClient kinesis) {
        LocalKinesisAgent agent = new LocalKinesisAgent(flow, directory, kinesis);
        agent.thread.start();
        LOG.infof("Kinesis Agent stand-in tailing %s/%s into %s (partition keys %s, batches of up to %d records or"
                        + " %d ms, %s)", directory, Path.of(flow.filePattern()).getFileName(), flow.kinesisStream(),
                flow.partitionKeyOption(), flow.maxBufferSizeRecords(), flow.maxBufferAgeMillis(),
                flow.converter() == null ? "lines as they are" : "CSVTOJSON");
        return agent;
    }

    /**
     * Waits until everything written to the files before this call has been put on the stream.
     *
     * @return {@code false} if that took longer than {@code timeout}
     */
    public boolean awaitShipped(Duration timeout) throws InterruptedException {
        long since = System.nanoTime();
        long deadline = since + timeout.toNanos();
        while (!idleSince(since)) {
            if (failure != null) {
                throw new IllegalStateException("The Kinesis Agent stand-in failed", failure);
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS / 2);
        }
        return true;
    }

    private boolean idleSince(long nanos) {
        long last = lastIdlePassNanos;
        return last != NEVER && last - nanos >= 0;
    }

    /** Records the stream accepted so far. */
    public long sent() {
        return sent.get();
    }

    private void run() {
        try {
            while (running) {
                long passStarted = System.nanoTime();
                boolean read;
                try {
                    read = files.poll(this::add);
                } catch (IOException e) {
                    LOG.warnf("Could not read %s, trying again: %s", directory, e);
                    read = true; // not idle: there may be lines it could not read
                }
                if (!buffer.isEmpty()
                        && System.nanoTime() - bufferStartedNanos >= TimeUnit.MILLISECONDS.toNanos(flow.maxBufferAgeMillis())) {
                    flush();
                }
                if (!read && buffer.isEmpty()) {
                    lastIdlePassNanos = passStarted;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.errorf(e, "The Kinesis Agent stand-in stopped tailing %s", directory);
        }
    }

    private void add(byte[] line) {
        byte[] data = flow.converter() == null ? line : flow.converter().convert(line);
        String partitionKey = partitionKey(data);
        long size = data.length + partitionKey.length();
        if (!buffer.isEmpty() && bufferBytes + size > flow.maxBufferSizeBytes()) {
            flush();
        }
        if (buffer.isEmpty()) {
            bufferStartedNanos = System.nanoTime();
        }
        buffer.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(data)).partitionKey(partitionKey)
                .build());
        bufferBytes += size;
        if (buffer.size() >= flow.maxBufferSizeRecords()) {
            flush();
        }
    }

    /** As the agent's KinesisRecord: a random double below a million, or the MD5 of the record. */
    private String partitionKey(byte[] data) {
        if (flow.partitionKeyOption() == AgentFlow.PartitionKeyOption.DETERMINISTIC) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every JDK has MD5", e);
            }
        }
        return String.valueOf(ThreadLocalRandom.current().nextDouble(1_000_000));
    }

    /** Puts the buffer, then again whatever failed, until all went through or the agent stops. */
    private void flush() {
        List<PutRecordsRequestEntry> pending = List.copyOf(buffer);
        buffer.clear();
        bufferBytes = 0;
        long backoff = INITIAL_BACKOFF_MILLIS;
        while (true) {
            pending = put(pending);
            if (pending.isEmpty()) {
                return;
            }
            if (!running || !pause(backoff)) {
                LOG.warnf("Stopped with %d records not put on %s", pending.size(), flow.kinesisStream());
                return;
            }
            retried.addAndGet(pending.size());
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** {@code false} if the agent is being stopped. */
    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One {@code PutRecords}; returns the records to send again. */
    private List<PutRecordsRequestEntry> put(List<PutRecordsRequestEntry> batch) {
        PutRecordsResponse response;
        try {
            response = kinesis.putRecords(r -> r.streamName(flow.kinesisStream()).records(batch));
        } catch (SdkException e) {
            if (running) {
                LOG.warnf("PutRecords of %d records to %s failed, retrying: %s", batch.size(), flow.kinesisStream(),
                        e.getMessage());
            }
            return batch;
        }
        List<PutRecordsRequestEntry> failed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (response.records().get(i).errorCode() != null) {
                failed.add(batch.get(i));
            }
        }
        sent.addAndGet(batch.size() - failed.size());
        if (!failed.isEmpty()) {
            LOG.debugf("%d of %d records to %s failed (%s), retrying them", failed.size(), batch.size(),
                    flow.kinesisStream(), response.records().stream().map(PutRecordsResultEntry::errorCode)
                            .filter(code -> code != null).distinct().toList());
        }
        return failed;
    }

    /** Stops tailing at once; lines not yet put on the stream are not sent (there are no checkpoints). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.infof("Kinesis Agent stand-in stopped: %d records put on %s, %d sent again", sent.get(),
                flow.kinesisStream(), retried.get());
    }
}
