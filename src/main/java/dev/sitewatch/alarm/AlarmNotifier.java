package dev.sitewatch.alarm;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.BatchOutcome;
import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.kinesis.StreamRecord;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Notifies people of each alarm exactly once in effect, although Lambda delivers at least once, and without the
 * history database: per alarm, claim it in the {@link NotificationLedger} (DynamoDB), publish only if nobody decided
 * it before, mark it. A retryable failure releases the claim and reports the record for retry; a retry finds the
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

    @Inject
    AlarmNotifier(ObjectMapper mapper, NotificationLedger ledger, SnsAlarmPublisher publisher, NotificationEvents events) {
        this.parser = new AlarmParser(mapper);
        this.ledger = ledger;
        this.publisher = publisher;
        this.events = events;
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
            } else if (((Decoded.Ok<AlarmEvent>) decoded).value() instanceof Alarm alarm) {
                Notification notification = deliver(alarm, record);
                if (notification == null) {
                    outcome.failed(record);
                } else {
                    decided.add(new NotificationEvents.Pending(record, notification));
                    outcome.done(record);
                }
            } else {
                outcome.done(record); // a Notification: the notifier's own report, for the historian
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

    /** @return what became of the alarm, or null when it must be retried */
    private Notification deliver(Alarm alarm, StreamRecord record) {
        NotificationLedger.Claim claim;
        try {
            claim = ledger.claim(alarm);
        } catch (SdkException e) {
            LOG.warnf("Alarm %s: the ledger cannot be reached, Lambda will retry it: %s", alarm.alarmId(), e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (claim instanceof NotificationLedger.Claim.Decided earlier) {
            LOG.infof("Alarm %s was %s at %s already: not sending it again", alarm.alarmId(),
                    earlier.notification().outcome(), earlier.notification().at());
            return earlier.notification();
        }
        String token = ((NotificationLedger.Claim.Granted) claim).token();
        Delivery delivery = publisher.publish(alarm);
        try {
            if (delivery instanceof Delivery.Sent sent) {
                LOG.infof("Alarm %s notified: %s", alarm.alarmId(), AlarmMessage.sms(alarm));
                return ledger.markSent(alarm, token, sent.messageId());
            }
            Delivery.Failed failed = (Delivery.Failed) delivery;
            if (failed.retryable()) {
                LOG.warnf("Alarm %s not notified, will retry: %s", alarm.alarmId(), failed.reason());
                ledger.release(alarm, token);
                return null;
            }
            // Sending it again would fail again: record it as rejected and move on.
            LOG.errorf("Alarm %s cannot be notified and is recorded as rejected: %s", alarm.alarmId(), failed.reason());
            return ledger.markRejected(alarm, token, failed.reason());
        } catch (SdkException e) { // DynamoDB failed, or our claim expired and someone else holds it
            if (delivery instanceof Delivery.Sent sent) {
                // Sent, but not marked: report it as sent all the same; a redelivery after the claim's lease could
                // send it once more (the documented gap).
                LOG.errorf("Alarm %s was sent but the ledger could not be marked: %s", alarm.alarmId(), e);
                return new Notification(alarm.alarmId(), Notification.Outcome.SENT, ledger.clock.instant(),
                        sent.messageId(), null);
            }
            LOG.warnf("Alarm %s: the ledger cannot be updated, Lambda will retry it: %s", alarm.alarmId(), e);
            return null;
        }
    }
}
