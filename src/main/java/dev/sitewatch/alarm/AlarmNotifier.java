package dev.sitewatch.alarm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.BatchOutcome;
import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.kinesis.StreamRecord;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Notifies people of each alarm and each flood's end exactly once in effect, although Lambda delivers at least once,
 * and without the history database: per notice, claim it in the {@link NotificationLedger} (DynamoDB), and unless
 * somebody decided it before: mark it silenced if a silence matches, else publish and mark it. A retryable failure releases the claim and reports the record for retry; a retry finds the
 * alarm decided and publishes nothing. What became of each alarm is put back on the stream as a
 * {@link Notification} for the historian. Records that are not alarms are left to the historian, which quarantines
 * them.
 */
@ApplicationScoped
public class AlarmNotifier {

    private static final Logger LOG = Logger.getLogger(AlarmNotifier.class);

    private final AlarmParser parser;
    private final NotificationLedger ledger;
    private final SnsAlarmPublisher publisher;
    private final NotificationEvents events;
    private final AlarmSilences silences;
    private final AlarmsConfig config;

    @Inject
    AlarmNotifier(ObjectMapper mapper, NotificationLedger ledger, SnsAlarmPublisher publisher, NotificationEvents events,
                  AlarmSilences silences, AlarmsConfig config) {
        this.parser = new AlarmParser(mapper);
        this.ledger = ledger;
        this.publisher = publisher;
        this.events = events;
        this.silences = silences;
        this.config = config;
    }

    public BatchOutcome notify(List<StreamRecord> records) {
        BatchOutcome.Builder outcome = new BatchOutcome.Builder();
        List<NotificationEvents.Pending> decided = new ArrayList<>();
        for (StreamRecord record : records) {
            Decoded<AlarmEvent> decoded = parser.parse(record.data());
            if (decoded instanceof Decoded.Rejected<AlarmEvent> rejected) {
                LOG.warnf("Record %s of %s is not an alarm, not notified (the historian quarantines it): %s",
                        record.eventId(), record.stream(), rejected.reason());
                outcome.quarantined(record);
            } else {
                Notice notice = notice(((Decoded.Ok<AlarmEvent>) decoded).value());
                if (notice == null) {
                    outcome.done(record); // our own Notification, or a flood end whose notice is turned off
                    continue;
                }
                Notification notification = deliver(notice);
                if (notification == null) {
                    outcome.failed(record);
                } else {
                    decided.add(new NotificationEvents.Pending(record, notification));
                    outcome.done(record);
                }
            }
        }
        try {
            events.put(decided).forEach(outcome::failed);
        } catch (SdkException e) {
            LOG.warnf("Could not put %d notifications on the stream; their alarms will be retried: %s", decided.size(), e);
            decided.forEach(pending -> outcome.failed(pending.alarmRecord()));
        }
        BatchOutcome result = outcome.build();
        LOG.infof("Handled %d alarms, passed over %d records that are not alarms, failed %d of %d records",
                result.done(), result.quarantined(), result.failedSequenceNumbers().size(), records.size());
        return result;
    }

    /** What to tell people about {@code event}; null when there is nothing to tell. */
    private Notice notice(AlarmEvent event) {
        if (event instanceof Alarm alarm) {
            return Notice.of(alarm, publisher.severity(alarm));
        }
        if (event instanceof Resolved resolved) {
            if (config.resolvedNoticesOff().map(off -> off.contains(resolved.type())).orElse(false)) {
                LOG.infof("Flood %s is over; resolved notices of %s are off", resolved.floodId(), resolved.type());
                return null;
            }
            return Notice.of(resolved);
        }
        return null;
    }

    /** @return what became of the notice, or null when it must be retried */
    private Notification deliver(Notice notice) {
        NotificationLedger.Claim claim;
        try {
            claim = ledger.claim(notice);
        } catch (SdkException e) {
            LOG.warnf("%s: the ledger cannot be reached, Lambda will retry it: %s", notice.alarmId(), e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (claim instanceof NotificationLedger.Claim.Decided earlier) {
            LOG.infof("%s was %s at %s already: not sending it again", notice.alarmId(),
                    earlier.notification().outcome(), earlier.notification().at());
            return earlier.notification();
        }
        String token = ((NotificationLedger.Claim.Granted) claim).token();
        Delivery delivery = null;
        try {
            Optional<String> silence = silences.silencing(notice.type(), notice.key());
            if (silence.isPresent()) {
                LOG.infof("%s silenced by %s, not sent: %s", notice.alarmId(), silence.get(), notice.message().sms());
                return ledger.markSilenced(notice, token, silence.get());
            }
            delivery = publisher.publish(notice.message());
            if (delivery instanceof Delivery.Sent sent) {
                LOG.infof("%s notified: %s", notice.alarmId(), notice.message().sms());
                return ledger.markSent(notice, token, sent.messageId());
            }
            Delivery.Failed failed = (Delivery.Failed) delivery;
            if (failed.retryable()) {
                LOG.warnf("%s not notified, will retry: %s", notice.alarmId(), failed.reason());
                ledger.release(notice, token);
                return null;
            }
            // Sending it again would fail again: record it as rejected and move on.
            LOG.errorf("%s cannot be notified and is recorded as rejected: %s", notice.alarmId(), failed.reason());
            return ledger.markRejected(notice, token, failed.reason());
        } catch (SdkException e) { // DynamoDB failed, or our claim expired and someone else holds it
            if (delivery instanceof Delivery.Sent sent) {
                // Sent, but not marked: report it as sent all the same; a redelivery after the claim's lease could
                // send it once more (the documented gap).
                LOG.errorf("%s was sent but the ledger could not be marked: %s", notice.alarmId(), e);
                return new Notification(notice.alarmId(), Notification.Outcome.SENT, ledger.clock.instant(),
                        sent.messageId(), null, null, notice.resolvedFlood());
            }
            LOG.warnf("%s: the ledger cannot be updated, Lambda will retry it: %s", notice.alarmId(), e);
            return null;
        }
    }
}
