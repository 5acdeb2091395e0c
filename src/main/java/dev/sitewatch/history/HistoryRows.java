package dev.sitewatch.history;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.alarm.Alarm;
import dev.sitewatch.alarm.Notification;
import dev.sitewatch.alarm.Resolved;
import dev.sitewatch.kinesis.QuarantinedRecord;
import dev.sitewatch.kinesis.StreamRecord;

/**
 * The historian's writes, each safe to repeat: an alarm is inserted once per {@code alarm_id} and joins its flood,
 * a flood's end closes it, a notification only fills an empty {@code notified_at} (or {@code silence_id}, or the
 * flood's {@code resolved_notified_at}), a quarantined record is kept once per event id. All run in the caller's
 * transaction. (The entity manager comes from Panache rather than an injection point, so functions without the
 * database start without one.)
 */
@ApplicationScoped
class HistoryRows {

    @Inject
    ObjectMapper mapper;

    void insert(Alarm alarm, Instant receivedAt) {
        // ON DUPLICATE KEY keeps the first delivery's row untouched; a plain INSERT would fail the transaction.
        entityManager().createNativeQuery("""
                        INSERT INTO logs_history (alarm_id, alarm_type, alarm_key, alarm_creation_time, Number_of_orders,
                            threshold, window_start, window_end, window_seconds, top_contributors, received_at, flood_id,
                            raised_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                        ON DUPLICATE KEY UPDATE alarm_id = alarm_id""")
                .setParameter(1, alarm.alarmId())
                .setParameter(2, alarm.type())
                .setParameter(3, alarm.key())
                .setParameter(4, timestamp(alarm.windowEnd().truncatedTo(ChronoUnit.SECONDS)))
                .setParameter(5, alarm.orderCount())
                .setParameter(6, alarm.threshold())
                .setParameter(7, timestamp(alarm.windowStart()))
                .setParameter(8, timestamp(alarm.windowEnd()))
                .setParameter(9, alarm.windowSeconds())
                .setParameter(10, topContributors(alarm))
                .setParameter(11, timestamp(receivedAt))
                .setParameter(12, alarm.floodId())
                .setParameter(13, alarm.raisedAt() == null ? null : timestamp(alarm.raisedAt()))
                .executeUpdate();
        if (alarm.floodId() != null) {
            joinFlood(alarm);
        }
    }

    /**
     * Opens the alarm's flood, or adds the alarm to it while it lasts: start = the earliest alarm's window end, peak
     * = the highest count, alarms counted from the history (so a redelivered alarm is not counted twice). Once the
     * flood has ended, the detector's figures stand.
     */
    private void joinFlood(Alarm alarm) {
        entityManager().createNativeQuery("""
                        INSERT INTO floods (flood_id, alarm_type, alarm_key, started_at, peak_count, peak_at, alarms,
                            threshold, window_seconds)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?4, 1, ?6, ?7)
                        ON DUPLICATE KEY UPDATE
                            started_at = IF(ended_at IS NULL, LEAST(started_at, VALUES(started_at)), started_at),
                            peak_at = IF(ended_at IS NULL AND VALUES(peak_count) >= peak_count, VALUES(peak_at), peak_at),
                            peak_count = IF(ended_at IS NULL, GREATEST(peak_count, VALUES(peak_count)), peak_count)""")
                .setParameter(1, alarm.floodId())
                .setParameter(2, alarm.type())
                .setParameter(3, alarm.key())
                .setParameter(4, timestamp(alarm.windowEnd()))
                .setParameter(5, alarm.orderCount())
                .setParameter(6, alarm.threshold())
                .setParameter(7, alarm.windowSeconds())
                .executeUpdate();
        entityManager().createNativeQuery("""
                        UPDATE floods SET alarms = (SELECT COUNT(*) FROM logs_history WHERE flood_id = ?1)
                        WHERE flood_id = ?1 AND ended_at IS NULL""")
                .setParameter(1, alarm.floodId())
                .executeUpdate();
    }

    /** The flood is over: the detector's start, end, peak and number of alarms are final. */
    void close(Resolved resolved) {
        entityManager().createNativeQuery("""
                        INSERT INTO floods (flood_id, alarm_type, alarm_key, started_at, ended_at, peak_count, peak_at,
                            alarms, threshold, window_seconds)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                        ON DUPLICATE KEY UPDATE started_at = VALUES(started_at), ended_at = VALUES(ended_at),
                            peak_count = VALUES(peak_count), peak_at = VALUES(peak_at), alarms = VALUES(alarms)""")
                .setParameter(1, resolved.floodId())
                .setParameter(2, resolved.type())
                .setParameter(3, resolved.key())
                .setParameter(4, timestamp(resolved.startedAt()))
                .setParameter(5, timestamp(resolved.endedAt()))
                .setParameter(6, resolved.peakCount())
                .setParameter(7, timestamp(resolved.peakAt()))
                .setParameter(8, resolved.alarms())
                .setParameter(9, resolved.threshold())
                .setParameter(10, resolved.windowSeconds())
                .executeUpdate();
    }

    /** @return whether the history holds the alarm or the flood the notification is about */
    boolean apply(Notification notification) {
        if (notification.floodId() != null) {
            return notification.outcome() != Notification.Outcome.SENT ? floodExists(notification.floodId())
                    : entityManager().createNativeQuery("""
                            UPDATE floods SET resolved_notified_at = COALESCE(resolved_notified_at, ?1)
                            WHERE flood_id = ?2""")
                    .setParameter(1, timestamp(notification.at()))
                    .setParameter(2, notification.floodId())
                    .executeUpdate() > 0;
        }
        if (notification.outcome() == Notification.Outcome.SILENCED) {
            entityManager().createNativeQuery(
                            "UPDATE logs_history SET silence_id = ?1 WHERE alarm_id = ?2 AND silence_id IS NULL")
                    .setParameter(1, notification.silenceId())
                    .setParameter(2, notification.alarmId())
                    .executeUpdate();
        }
        if (notification.outcome() == Notification.Outcome.SENT) {
            int updated = entityManager().createNativeQuery("""
                            UPDATE logs_history SET notified_at = ?1, sns_message_id = ?2
                            WHERE alarm_id = ?3 AND notified_at IS NULL""")
                    .setParameter(1, timestamp(notification.at()))
                    .setParameter(2, notification.snsMessageId())
                    .setParameter(3, notification.alarmId())
                    .executeUpdate();
            if (updated > 0) {
                return true;
            }
        }
        // REJECTED and SILENCED leave notified_at empty, as it was: the alarm is in the history, nobody was told.
        return AlarmRecord.count("alarmId", notification.alarmId()) > 0;
    }

    private boolean floodExists(String floodId) {
        return ((Number) entityManager().createNativeQuery("SELECT COUNT(*) FROM floods WHERE flood_id = ?1")
                .setParameter(1, floodId).getSingleResult()).longValue() > 0;
    }

    /** Keeps a record that is not an alarm, once per event id. */
    void quarantine(QuarantinedRecord quarantined) {
        StreamRecord record = quarantined.record();
        entityManager().createNativeQuery("""
                        INSERT INTO alarm_quarantine (event_id, stream, sequence_number, arrived_at, reason, raw, quarantined_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        ON DUPLICATE KEY UPDATE event_id = event_id""")
                .setParameter(1, record.eventId())
                .setParameter(2, record.stream())
                .setParameter(3, record.sequenceNumber())
                .setParameter(4, record.arrivedAt() == null ? null : timestamp(record.arrivedAt()))
                .setParameter(5, quarantined.reason().length() > 1000 ? quarantined.reason().substring(0, 1000) : quarantined.reason())
                .setParameter(6, record.text())
                .setParameter(7, timestamp(quarantined.quarantinedAt()))
                .executeUpdate();
    }

    private static EntityManager entityManager() {
        return AlarmRecord.getEntityManager();
    }

    private String topContributors(Alarm alarm) {
        try {
            Map<String, Object> top = new LinkedHashMap<>();
            top.put("customers", contributors(alarm.topCustomers()));
            top.put("countries", contributors(alarm.topCountries()));
            top.put("stockCodes", contributors(alarm.topStockCodes()));
            return mapper.writeValueAsString(top);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Maps of strings and numbers always serialize", e);
        }
    }

    private static List<Map<String, Object>> contributors(List<Alarm.Contributor> contributors) {
        return contributors.stream().map(c -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", c.key());
            entry.put("count", c.count());
            return entry;
        }).toList();
    }

    // DATETIME columns hold UTC wall-clock time: the same Hibernate writes for Instant fields
    // (quarkus.hibernate-orm.jdbc.timezone=UTC), whatever the JVM's zone.
    private static LocalDateTime timestamp(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
