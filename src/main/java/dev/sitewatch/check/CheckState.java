package dev.sitewatch.check;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.sitewatch.alarm.SiteCheck;

/**
 * What the prober remembers of a check between rounds (kept in DynamoDB with the check, so it survives cold starts
 * and runs on other instances), and the rules that turn a round's result into the next state and the alarms it
 * raises. A pure function of its inputs: the same round applied to the same state raises the same alarms with the
 * same ids, which is what makes a retried run harmless.
 *
 * <ul>
 * <li><b>Down</b>: {@code failuresBeforeDown} consecutive failed rounds (each failure already confirmed by a second
 * opinion) open a {@code SITE_DOWN} episode, once; the first round that is up again ends it.</li>
 * <li><b>Slow</b>: once {@code slowRounds} answered rounds are known, their p95 (nearest rank) above {@code slowMs}
 * opens a {@code SITE_SLOW} episode; a p95 at or under it ends it. Failed rounds add no sample.</li>
 * <li><b>Certificate</b>: a certificate that ends within {@code certExpiryDays} opens a {@code CERT_EXPIRING}
 * episode (its id names the certificate's end, so a retried run or a restart finds the same one); a certificate
 * valid beyond that ends it.</li>
 * </ul>
 *
 * @param round        the last round applied; a round at or before it is not applied again
 * @param failingSince the first failed round of the current run of failures
 * @param samples      total times of the last answered rounds, oldest first, at most {@code slowRounds}
 */
@RegisterForReflection
public record CheckState(Instant round, int failures, Instant failingSince, String reason, String detail,
                         Instant lastOkAt, Episode down, Episode slow, Episode cert, List<Sample> samples,
                         Instant certNotAfter) {

    static final CheckState NEW = new CheckState(null, 0, null, null, null, null, null, null, null, List.of(), null);
    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    public CheckState {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** An open alarm episode: its first alarm's id (the episode's id), when it started, and what it is about. */
    @RegisterForReflection
    public record Episode(String alarmId, Instant startedAt, String reason, String detail) {
    }

    /** The total time of one answered round. */
    @RegisterForReflection
    public record Sample(Instant at, int ms) {
    }

    /** The next state and what to put on {@code website-alarms}, alarms before the ends of episodes. */
    record Transition(CheckState state, List<SiteEvent> events) {
    }

    /**
     * Whether {@code roundAt} is a round for this check: later than the last round applied, and at least its interval
     * after it (less a little slack, so that a 60 s interval is met by a schedule whose rounds are 60 s apart).
     */
    boolean due(Check check, Instant roundAt) {
        if (round == null) {
            return true;
        }
        Duration interval = Duration.ofSeconds(check.intervalSeconds());
        Duration slack = interval.dividedBy(2).compareTo(Duration.ofSeconds(5)) < 0 ? interval.dividedBy(2)
                : Duration.ofSeconds(5);
        return roundAt.isAfter(round) && !roundAt.isBefore(round.plus(interval).minus(slack));
    }

    /** Applies one round's result at {@code roundAt}; {@code now} only dates the alarms ({@code raisedAt}). */
    Transition next(Check check, RoundResult result, Instant roundAt, Instant now) {
        return next(check, result, roundAt, now, true);
    }

    /**
     * @param timed whether the round's total time is a sample for slowness: not in the first round of a new prober
     *              instance, whose probes pay for loading classes and setting up TLS (seconds in a fresh JVM), which
     *              is the prober's own cold start, not the site's
     */
    Transition next(Check check, RoundResult result, Instant roundAt, Instant now, boolean timed) {
        List<SiteEvent> events = new ArrayList<>();
        List<SiteEvent> ends = new ArrayList<>();
        Instant raisedAt = now.isBefore(roundAt) ? roundAt : now;
        ProbeResult probe = result.result();

        int nextFailures = failures;
        Instant nextFailingSince = failingSince;
        String nextReason = reason;
        String nextDetail = detail;
        Instant nextLastOk = lastOkAt;
        Episode nextDown = down;
        List<Sample> nextSamples = new ArrayList<>(samples);
        Episode nextSlow = slow;
        Episode nextCert = cert;

        if (probe.up()) {
            nextFailures = 0;
            nextFailingSince = null;
            nextLastOk = roundAt;
            if (down != null) {
                ends.add(new SiteEvent.Resolved(SiteCheck.SITE_DOWN, down, roundAt, check.failuresBeforeDown(),
                        site(check, down.reason(), down.detail())));
                nextDown = null;
            }
            if (timed) {
                nextSamples.add(new Sample(roundAt, probe.totalMs()));
            }
        } else {
            nextFailures = failures + 1;
            nextFailingSince = failures == 0 || failingSince == null ? roundAt : failingSince;
            nextReason = probe.reason();
            nextDetail = probe.detail();
            if (down == null && nextFailures >= check.failuresBeforeDown()) {
                String id = alarmId(SiteCheck.SITE_DOWN, check.id(), nextFailingSince);
                String why = probe.detail() + " (" + nextFailures + (nextFailures == 1 ? " round" : " rounds")
                        + " failed)";
                nextDown = new Episode(id, nextFailingSince, probe.reason(), probe.detail());
                events.add(new SiteEvent.Alarm(id, SiteCheck.SITE_DOWN, nextFailingSince, roundAt, raisedAt,
                        check.failuresBeforeDown(), site(check, probe.reason(), why)));
            }
        }

        while (nextSamples.size() > check.slowRounds()) {
            nextSamples.remove(0);
        }
        if (probe.up() && timed && nextSamples.size() == check.slowRounds()) {
            int p95 = p95(nextSamples);
            String figures = "p95 " + p95 + " ms over the last " + nextSamples.size() + " rounds (threshold "
                    + check.slowMs() + " ms)";
            if (p95 > check.slowMs() && slow == null) {
                String id = alarmId(SiteCheck.SITE_SLOW, check.id(), roundAt);
                // the episode starts when the p95 crossed (the historian dates episodes by their first alarm's end)
                nextSlow = new Episode(id, roundAt, "SLOW", figures);
                events.add(new SiteEvent.Alarm(id, SiteCheck.SITE_SLOW, nextSamples.get(0).at(), roundAt, raisedAt,
                        check.slowMs(), site(check, "SLOW", figures)));
            } else if (p95 <= check.slowMs() && slow != null) {
                ends.add(new SiteEvent.Resolved(SiteCheck.SITE_SLOW, slow, roundAt, check.slowMs(),
                        site(check, "SLOW", figures)));
                nextSlow = null;
            }
        }

        Instant notAfter = probe.certNotAfter() != null ? probe.certNotAfter() : certNotAfter;
        if (probe.certNotAfter() != null && check.certExpiryDays() > 0) {
            Instant warnFrom = probe.certNotAfter().minus(Duration.ofDays(check.certExpiryDays()));
            if (!roundAt.isBefore(warnFrom) && cert == null) {
                // to the nearest day: a certificate made for 5 days is "in 5 days" a minute later, not "in 4"
                long days = Math.round(Duration.between(roundAt, probe.certNotAfter()).toMinutes() / 1440.0);
                String text = "expires " + DAY_TIME.format(probe.certNotAfter()) + " UTC, in " + days
                        + (days == 1 ? " day" : " days") + " (alarm at " + check.certExpiryDays() + ")";
                String id = alarmId(SiteCheck.CERT_EXPIRING, check.id(), probe.certNotAfter());
                nextCert = new Episode(id, roundAt, "CERT_EXPIRING", text);
                events.add(new SiteEvent.Alarm(id, SiteCheck.CERT_EXPIRING, roundAt, roundAt, raisedAt,
                        check.certExpiryDays(), site(check, "CERT_EXPIRING", text)));
            } else if (roundAt.isBefore(warnFrom) && cert != null) {
                ends.add(new SiteEvent.Resolved(SiteCheck.CERT_EXPIRING, cert, roundAt, check.certExpiryDays(),
                        site(check, "CERT_EXPIRING", "valid until " + DAY_TIME.format(probe.certNotAfter()) + " UTC")));
                nextCert = null;
            }
        }
        events.addAll(ends);
        return new Transition(new CheckState(roundAt, nextFailures, nextFailingSince, nextReason, nextDetail,
                nextLastOk, nextDown, nextSlow, nextCert, nextSamples, notAfter), events);
    }

    /** Nearest-rank p95: the smallest sample that at least 95 % of the samples do not exceed. */
    static int p95(List<Sample> samples) {
        int[] sorted = samples.stream().mapToInt(Sample::ms).sorted().toArray();
        int rank = (int) Math.ceil(0.95 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** {@code SITE_DOWN-<check>-<epoch ms>}: at most 9 + 13 + 1 + 16 + 1 + 13 characters with "RESOLVED-". */
    static String alarmId(String type, String checkId, Instant at) {
        return type + "-" + checkId + "-" + at.toEpochMilli();
    }

    private static SiteCheck site(Check check, String reason, String detail) {
        return new SiteCheck(check.id(), check.name(), check.url(), reason, detail);
    }

    /** UP, DOWN, or UNKNOWN before the first round; a few failed rounds short of DOWN are still UP. */
    String status() {
        if (round == null) {
            return "UNKNOWN";
        }
        return down != null ? "DOWN" : "UP";
    }
}
