package dev.sitewatch.history;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.alarm.Alarm;
import dev.sitewatch.alarm.AlarmEvent;
import dev.sitewatch.alarm.AlarmParser;
import dev.sitewatch.alarm.Notification;
import dev.sitewatch.alarm.Resolved;
import dev.sitewatch.kinesis.BatchOutcome;
import dev.sitewatch.kinesis.Decoded;
import dev.sitewatch.kinesis.QuarantinedRecord;
import dev.sitewatch.kinesis.StreamRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Keeps the alarm history in Aurora from the alarm stream: each alarm as a row of {@code logs_history} (once per
 * {@code alarm_id}, whatever the redeliveries) in its flood's episode ({@code floods}), each {@link Resolved} as the
 * end of that episode, each {@link Notification} as what people were told, each record that is none of these in
 * {@code alarm_quarantine}. One transaction per record. When the database fails, the
 * record and all after it are reported for retry (Lambda restarts the shard there), without trying the rest against
 * a database that is down; the mapping retries until the database is back or the record grows too old.
 */
@ApplicationScoped
public class AlarmHistorian {

    static final String HANDLER = "alarm-historian";
    private static final Logger LOG = Logger.getLogger(AlarmHistorian.class);

    private final AlarmParser parser;
    private final HistoryRows rows;
    private final Clock clock = Clock.systemUTC();

    @Inject
    AlarmHistorian(ObjectMapper mapper, HistoryRows rows) {
        this.parser = new AlarmParser(mapper);
        this.rows = rows;
    }

    public BatchOutcome record(List<StreamRecord> records) {
        BatchOutcome.Builder outcome = new BatchOutcome.Builder();
        boolean databaseFailed = false;
        for (StreamRecord record : records) {
            if (databaseFailed) {
                outcome.failed(record);
                continue;
            }
            try {
                Decoded<AlarmEvent> decoded = parser.parse(record.data());
                if (decoded instanceof Decoded.Rejected<AlarmEvent> rejected) {
                    LOG.warnf("Quarantining record %s of %s: %s", record.eventId(), record.stream(), rejected.reason());
                    QuarkusTransaction.requiringNew().run(() -> rows.quarantine(
                            new QuarantinedRecord(record, rejected.reason(), HANDLER, clock.instant())));
                    outcome.quarantined(record);
                } else {
                    AlarmEvent event = ((Decoded.Ok<AlarmEvent>) decoded).value();
                    QuarkusTransaction.requiringNew().run(() -> apply(event, record));
                    outcome.done(record);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Record %s of %s could not be kept, Lambda will retry it and the rest of the batch: %s",
                        record.eventId(), record.stream(), e);
                outcome.failed(record);
                databaseFailed = true;
            }
        }
        BatchOutcome result = outcome.build();
        LOG.infof("Kept %d records in the history, quarantined %d, failed %d of %d records",
                result.done(), result.quarantined(), result.failedSequenceNumbers().size(), records.size());
        return result;
    }

    private void apply(AlarmEvent event, StreamRecord record) {
        if (event instanceof Alarm alarm) {
            rows.insert(alarm, record.arrivedAt() == null ? clock.instant() : record.arrivedAt());
        } else if (event instanceof Resolved resolved) {
            rows.close(resolved);
        } else if (event instanceof Notification notification && !rows.apply(notification)) {
            LOG.warnf("Notification of %s (%s) names no alarm in the history; nothing to update",
                    notification.alarmId(), notification.outcome());
        }
    }
}
