package dev.sitewatch.alarm;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.BatchOutcome;
import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.kinesis.QuarantinedRecord;
import dev.sitewatch.kinesis.StreamRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Notifies people of each alarm exactly once in effect, although Lambda delivers at least once. Per alarm, in one
 * transaction: claim the ledger row (inserted once, locked), publish only if it is not yet notified, mark it
 * notified. A database or retryable SNS failure rolls the alarm back and reports its record for retry; a retry
 * finds the row notified and publishes nothing. The one gap left: a crash after SNS accepted the message but before
 * the commit — then the retry sends it once more (a second SMS rather than none).
 */
@ApplicationScoped
public class AlarmNotifier {

    static final String HANDLER = "alarm-notifier";
    private static final Logger LOG = Logger.getLogger(AlarmNotifier.class);

    private final AlarmParser parser;
    private final AlarmLedger ledger;
    private final SnsAlarmPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    @Inject
    AlarmNotifier(ObjectMapper mapper, AlarmLedger ledger, SnsAlarmPublisher publisher) {
        this.parser = new AlarmParser(mapper);
        this.ledger = ledger;
        this.publisher = publisher;
    }

    public BatchOutcome notify(List<StreamRecord> records) {
        BatchOutcome.Builder outcome = new BatchOutcome.Builder();
        for (StreamRecord record : records) {
            Decoded<Alarm> decoded = parser.parse(record.data());
            try {
                if (decoded instanceof Decoded.Ok<Alarm> ok) {
                    if (deliver(ok.value())) {
                        outcome.done(record);
                    } else {
                        outcome.failed(record);
                    }
                } else if (decoded instanceof Decoded.Rejected<Alarm> rejected) {
                    LOG.warnf("Quarantining record %s of %s: %s", record.eventId(), record.stream(), rejected.reason());
                    QuarkusTransaction.requiringNew().run(() -> ledger.quarantine(
                            new QuarantinedRecord(record, rejected.reason(), HANDLER, clock.instant())));
                    outcome.quarantined(record);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Record %s of %s failed, Lambda will retry it: %s", record.eventId(), record.stream(), e);
                outcome.failed(record);
            }
        }
        BatchOutcome result = outcome.build();
        LOG.infof("Handled %d alarms, quarantined %d, failed %d of %d records",
                result.done(), result.quarantined(), result.failedSequenceNumbers().size(), records.size());
        return result;
    }

    /** @return false when the alarm must be retried */
    private boolean deliver(Alarm alarm) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AlarmRecord row = ledger.claim(alarm);
            if (row.notifiedAt != null) {
                LOG.infof("Alarm %s was notified at %s already: not sending it again", alarm.alarmId(), row.notifiedAt);
                return true;
            }
            Delivery delivery = publisher.publish(alarm);
            if (delivery instanceof Delivery.Sent sent) {
                ledger.markNotified(row, sent.messageId());
                LOG.infof("Alarm %s notified: %s", alarm.alarmId(), AlarmMessage.sms(alarm));
                return true;
            }
            Delivery.Failed failed = (Delivery.Failed) delivery;
            if (failed.retryable()) {
                LOG.warnf("Alarm %s not notified, will retry: %s", alarm.alarmId(), failed.reason());
                QuarkusTransaction.setRollbackOnly();
                return false;
            }
            // Sending it again would fail again: keep the row (notified_at stays empty) and move on.
            LOG.errorf("Alarm %s cannot be notified and is kept un-notified in the history: %s",
                    alarm.alarmId(), failed.reason());
            return true;
        });
    }
}
