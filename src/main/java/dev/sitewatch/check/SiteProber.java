package dev.sitewatch.check;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.alarm.AlarmsConfig;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * One round of site checks: probe every due check at once (a bounded pool), ask a second opinion about each
 * failure, apply the results to each check's state, keep the results, and put the alarms and ends of episodes on
 * {@code website-alarms}, where the notifier, the historian and silences take them as they take floods.
 *
 * <p>Exactly once in effect, although a scheduled run may be delivered twice, retried after an error, or run next
 * to another: a round is named by its scheduled time, and a check's state takes a round only once (a conditional
 * write on the last round applied); the events a round raises are written with that state into the check's outbox,
 * put on the stream, then taken out. A run that dies between the two leaves them in the outbox, and the next run puts
 * them first; the notifier's ledger makes a second copy on the stream harmless, because the alarm ids are derived
 * from the check and the episode's start, never from when a run happened.
 */
@ApplicationScoped
public class SiteProber {

    private static final Logger LOG = Logger.getLogger(SiteProber.class);

    private final CheckStore checks;
    private final ResultStore results;
    private final KinesisClient kinesis;
    private final String stream;
    private final Duration secondOpinionDelay;
    private final SiteEvents events;
    private final ProbeClient client;
    private final ExecutorService pool;
    Clock clock = Clock.systemUTC();
    /** Whether this instance has run a round: its JVM has loaded the client's classes and set up TLS. */
    volatile boolean warm;

    @Inject
    SiteProber(CheckStore checks, ResultStore results, KinesisClient kinesis, AlarmsConfig alarms, ChecksConfig config,
               ObjectMapper mapper) {
        this(checks, results, kinesis, alarms.stream(), new ProbeClient(config.maxBodyBytes(),
                config.extraCaFile().map(Path::of).orElse(null)), config.poolSize(), config.secondOpinionDelay(), mapper);
    }

    SiteProber(CheckStore checks, ResultStore results, KinesisClient kinesis, String stream, ProbeClient client,
               int poolSize, Duration secondOpinionDelay, ObjectMapper mapper) {
        this.checks = checks;
        this.results = results;
        this.kinesis = kinesis;
        this.stream = stream;
        this.secondOpinionDelay = secondOpinionDelay;
        this.events = new SiteEvents(mapper);
        this.client = client;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(poolSize, runnable -> {
            Thread thread = new Thread(runnable, "site-prober-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** What a round did, for the log and the handler's answer. */
    public record Report(Instant round, int checks, int probed, int up, int down, int blips, int alreadyDone,
                         int eventsPut, int eventsPending, long millis) {
    }

    /** A round that left events in the outbox: the handler fails, so Lambda retries; the retry puts them. */
    public static class EventsNotPutException extends RuntimeException {
        EventsNotPutException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs the round scheduled at {@code round}.
     *
     * @throws EventsNotPutException when some alarm could not be put on the stream (it stays in the outbox)
     */
    public Report run(Instant round) {
        long started = System.nanoTime();
        boolean timed = warm; // see CheckState.next: the first round of an instance is no slowness sample
        List<StoredCheck> all = checks.all();
        // first what earlier runs committed and could not put
        Map<String, Map<String, String>> outbox = new LinkedHashMap<>();
        all.stream().filter(c -> !c.pending().isEmpty()).forEach(c -> outbox.put(c.check().id(), c.pending()));

        List<StoredCheck> due = all.stream().filter(c -> c.check().enabled() && c.state().due(c.check(), round)).toList();
        // each check in the pool from probe to committed state, so that 500 state writes do not queue up behind the
        // last probe; the results go in one batch afterwards (a result lost to a crash is a gap, never a wrong alarm)
        List<Future<Applied>> tasks = new ArrayList<>();
        for (StoredCheck check : due) {
            tasks.add(pool.submit(() -> apply(check, round, timed)));
        }
        List<ResultStore.Row> rows = new ArrayList<>();
        int up = 0;
        int down = 0;
        int blips = 0;
        int alreadyDone = 0;
        for (int i = 0; i < due.size(); i++) {
            StoredCheck stored = due.get(i);
            Applied applied = await(tasks.get(i), stored.check());
            RoundResult result = applied.result();
            rows.add(new ResultStore.Row(stored.check().id(), round, result));
            if (!applied.committed()) {
                alreadyDone++;
                LOG.infof("Check %s: round %s was applied by another run; this run's result is not counted again",
                        stored.check().id(), round);
                continue;
            }
            up += result.up() ? 1 : 0;
            down += applied.state().down() != null ? 1 : 0;
            blips += result.blip() ? 1 : 0;
            if (result.blip()) {
                LOG.infof("Check %s (%s): %s, but the second opinion found it up: not counted as a failure",
                        stored.check().id(), stored.check().name(), result.firstAttempt().detail());
            } else if (!result.up()) {
                LOG.infof("Check %s (%s) failed round %s: %s (%d in a row)", stored.check().id(),
                        stored.check().name(), round, result.result().detail(), applied.state().failures());
            }
            if (!applied.raised().isEmpty()) {
                outbox.computeIfAbsent(stored.check().id(), id -> new LinkedHashMap<>()).putAll(applied.raised());
            }
        }
        results.write(rows);
        warm = true;
        int[] put = flush(outbox);
        Report report = new Report(round, all.size(), due.size(), up, down, blips, alreadyDone, put[0], put[1],
                (System.nanoTime() - started) / 1_000_000);
        // a quiet round (all up, nothing raised) only at DEBUG: the local run has one every 10 s
        boolean quiet = put[0] == 0 && put[1] == 0 && up + report.alreadyDone() == due.size() && blips == 0;
        LOG.logf(quiet ? org.jboss.logging.Logger.Level.DEBUG : org.jboss.logging.Logger.Level.INFO,
                "Round %s: %d checks, %d probed (%d up, %d down, %d blips overruled), %d already done by another run, "
                        + "%d events put, %d left in the outbox, in %d ms", round, report.checks(), report.probed(),
                report.up(), report.down(), report.blips(), report.alreadyDone(), report.eventsPut(),
                report.eventsPending(), report.millis());
        if (put[1] > 0) {
            throw new EventsNotPutException(put[1] + " site alarms could not be put on " + stream
                    + "; they stay in the outbox and go out with the next run", null);
        }
        return report;
    }

    /** One check's round: what the probe found, the state and events it led to, and whether this run committed it. */
    private record Applied(RoundResult result, CheckState state, Map<String, String> raised, boolean committed) {
    }

    /** Probes a check and commits the round to its state and outbox (see the class comment). */
    private Applied apply(StoredCheck stored, Instant round, boolean timed) throws InterruptedException {
        RoundResult result = probeWithSecondOpinion(stored.check());
        CheckState.Transition transition = stored.state().next(stored.check(), result, round, clock.instant(), timed);
        Map<String, String> raised = new LinkedHashMap<>();
        int n = 0;
        for (SiteEvent event : transition.events()) {
            raised.put(String.format("%013d.%02d", round.toEpochMilli(), n++), events.json(event));
        }
        boolean committed = checks.commitRound(stored.check().id(), transition.state(), raised);
        return new Applied(result, transition.state(), raised, committed);
    }

    /** A failed probe is tried once more after a pause, on a new connection; the round counts the second. */
    RoundResult probeWithSecondOpinion(Check check) throws InterruptedException {
        ProbeResult first = client.probe(check);
        if (first.up()) {
            return new RoundResult(first, null);
        }
        Thread.sleep(secondOpinionDelay.toMillis());
        return new RoundResult(client.probe(check), first);
    }

    private <T> T await(Future<T> probe, Check check) {
        try {
            return probe.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while probing " + check.id(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Probing " + check.id() + " failed", e.getCause());
        }
    }

    /** Puts the outbox on the stream in order, and takes out what Kinesis took. @return {put, left} */
    private int[] flush(Map<String, Map<String, String>> outbox) {
        record Entry(String checkId, String key, String json) {
        }
        List<Entry> entries = new ArrayList<>();
        outbox.forEach((checkId, pending) -> new java.util.TreeMap<>(pending)
                .forEach((key, json) -> entries.add(new Entry(checkId, key, json))));
        int put = 0;
        int left = 0;
        SdkException failure = null;
        for (int from = 0; from < entries.size(); from += 500) {
            List<Entry> chunk = entries.subList(from, Math.min(entries.size(), from + 500));
            Map<String, List<String>> done = new LinkedHashMap<>();
            try {
                // partitioned by check: a check's alarm and the end of its episode stay in order on one shard
                PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(stream).records(chunk.stream()
                        .map(e -> PutRecordsRequestEntry.builder().partitionKey(e.checkId())
                                .data(SdkBytes.fromUtf8String(e.json())).build()).toList()));
                for (int i = 0; i < chunk.size(); i++) {
                    if (response.records().get(i).errorCode() == null) {
                        done.computeIfAbsent(chunk.get(i).checkId(), id -> new ArrayList<>()).add(chunk.get(i).key());
                        put++;
                    } else {
                        left++;
                    }
                }
            } catch (SdkException e) {
                LOG.warnf("Could not put %d site alarms on %s; they stay in the outbox: %s", chunk.size(),
                        stream, e);
                left += chunk.size();
                failure = e;
                continue;
            }
            done.forEach((checkId, keys) -> {
                try {
                    checks.removePending(checkId, keys);
                } catch (SdkException e) {
                    // on the stream but still in the outbox: the next run puts them again, the ledger drops them
                    LOG.warnf("Check %s: %d events are on the stream but still in the outbox: %s", checkId, keys.size(), e);
                }
            });
        }
        if (failure != null && left > 0 && put == 0) {
            LOG.debugf(failure, "Kinesis unreachable");
        }
        return new int[] {put, left};
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

}
