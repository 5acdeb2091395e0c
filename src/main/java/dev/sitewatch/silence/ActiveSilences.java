package dev.sitewatch.silence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * For the notifier: is an alarm silenced right now? Answers from a list of the silences that had not ended when the
 * table was last read, read again once it is {@code sitewatch.silences.cache-ttl} old, so a burst of alarms costs one
 * Scan, and a new or expired silence is in force within that time. Whether a silence has started or ended is decided
 * at each call, so one ending mid-list stops muting on the dot.
 *
 * <p>An alarm never waits for, or fails on, the silence table: a read that fails or takes longer than
 * {@code sitewatch.silences.read-timeout} leaves the last list in use (a warning says so) and is tried again a
 * cache-ttl later, not on every alarm. Before any read has succeeded, nothing is silenced.
 */
@ApplicationScoped
public class ActiveSilences {

    private static final Logger LOG = Logger.getLogger(ActiveSilences.class);
    /** The silence ending last wins, so the answer does not depend on the table's order. */
    static final Comparator<Silence> PRECEDENCE = Comparator.comparing(Silence::endsAt).reversed()
            .thenComparing(Silence::id);

    private final SilenceStore store;
    private final Duration cacheTtl;
    private final Duration readTimeout;
    private final Clock clock;

    /** The last list read (null before the first success), and when to read the table next. */
    private volatile List<Silence> silences;
    private volatile Instant nextRead = Instant.MIN;

    @Inject
    ActiveSilences(SilenceStore store, SilencesConfig config) {
        this(store, config.cacheTtl(), config.readTimeout(), Clock.systemUTC());
    }

    ActiveSilences(SilenceStore store, Duration cacheTtl, Duration readTimeout, Clock clock) {
        this.store = store;
        this.cacheTtl = cacheTtl;
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    /**
     * The silence that mutes an alarm of this type and key now ({@code key} null for alarms without one), if any:
     * of several, the one ending last, then the smallest id. Never throws for DynamoDB's sake.
     */
    public Optional<Silence> silencing(String type, String key) {
        Instant now = clock.instant();
        List<Silence> current = current(now);
        return current.stream().filter(s -> s.isActive(now) && s.matches(type, key)).min(PRECEDENCE);
    }

    private List<Silence> current(Instant now) {
        if (now.isBefore(nextRead)) {
            return lastGood();
        }
        synchronized (this) {
            if (now.isBefore(nextRead)) {
                return lastGood(); // another caller read the table meanwhile
            }
            try {
                silences = store.all(readTimeout).stream().filter(s -> s.state(now) != Silence.State.EXPIRED).toList();
            } catch (RuntimeException e) { // SdkException mostly; whatever it is, the alarm goes on
                if (silences == null) {
                    LOG.warnf("The silence table cannot be read and was never read: no alarm is silenced until it "
                            + "is. %s", e.toString());
                } else {
                    LOG.warnf("The silence table cannot be read, still using the %d silences read at the last "
                            + "success: %s", silences.size(), e.toString());
                }
            }
            nextRead = now.plus(cacheTtl);
            return lastGood();
        }
    }

    private List<Silence> lastGood() {
        List<Silence> list = silences;
        return list == null ? List.of() : list;
    }
}
