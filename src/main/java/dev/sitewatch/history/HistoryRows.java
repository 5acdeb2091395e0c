package dev.sitewatch.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

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
 * transaction: plain JDBC on the datasource, which enlists its connection in the transaction. No ORM: every write is
 * SQL of its own ({@code ON DUPLICATE KEY}, {@code COALESCE}), so the historian's package carries no Hibernate.
 * (The datasource is looked up, not injected, so that the app starts without an active one where the database is
 * off.)
 */
@ApplicationScoped
class HistoryRows {

    @Inject
    ObjectMapper mapper;

    @Inject
    Instance<DataSource> dataSource;

    void insert(Alarm alarm, Instant receivedAt) {
        // ON DUPLICATE KEY keeps the first delivery's row untouched; a plain INSERT would fail the transaction.
        update("""
                        INSERT INTO logs_history (alarm_id, alarm_type, alarm_key, alarm_creation_time, Number_of_orders,
                            threshold, window_start, window_end, window_seconds, top_contributors, received_at, flood_id,
                            raised_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON DUPLICATE KEY UPDATE alarm_id = alarm_id""",
                alarm.alarmId(), alarm.type(), alarm.key(), timestamp(alarm.windowEnd().truncatedTo(ChronoUnit.SECONDS)),
                alarm.orderCount(), alarm.threshold(), timestamp(alarm.windowStart()), timestamp(alarm.windowEnd()),
                alarm.windowSeconds(), topContributors(alarm), timestamp(receivedAt), alarm.floodId(),
                alarm.raisedAt() == null ? null : timestamp(alarm.raisedAt()));
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
        update("""
                        INSERT INTO floods (flood_id, alarm_type, alarm_key, started_at, peak_count, peak_at, alarms,
                            threshold, window_seconds)
                        VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
                        ON DUPLICATE KEY UPDATE
                            started_at = IF(ended_at IS NULL, LEAST(started_at, VALUES(started_at)), started_at),
                            peak_at = IF(ended_at IS NULL AND VALUES(peak_count) >= peak_count, VALUES(peak_at), peak_at),
                            peak_count = IF(ended_at IS NULL, GREATEST(peak_count, VALUES(peak_count)), peak_count)""",
                alarm.floodId(), alarm.type(), alarm.key(), timestamp(alarm.windowEnd()), alarm.orderCount(),
                timestamp(alarm.windowEnd()), alarm.threshold(), alarm.windowSeconds());
        update("""
                        UPDATE floods SET alarms = (SELECT COUNT(*) FROM logs_history WHERE flood_id = ?)
                        WHERE flood_id = ? AND ended_at IS NULL""",
                alarm.floodId(), alarm.floodId());
    }

    /** The flood is over: the detector's start, end, peak and number of alarms are final. */
    void close(Resolved resolved) {
        update("""
                        INSERT INTO floods (flood_id, alarm_type, alarm_key, started_at, ended_at, peak_count, peak_at,
                            alarms, threshold, window_seconds)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON DUPLICATE KEY UPDATE started_at = VALUES(started_at), ended_at = VALUES(ended_at),
                            peak_count = VALUES(peak_count), peak_at = VALUES(peak_at), alarms = VALUES(alarms)""",
                resolved.floodId(), resolved.type(), resolved.key(), timestamp(resolved.startedAt()),
                timestamp(resolved.endedAt()), resolved.peakCount(), timestamp(resolved.peakAt()), resolved.alarms(),
                resolved.threshold(), resolved.windowSeconds());
    }

    /** @return whether the history holds the alarm or the flood the notification is about */
    boolean apply(Notification notification) {
        if (notification.floodId() != null) {
            return notification.outcome() != Notification.Outcome.SENT ? floodExists(notification.floodId())
                    : update("""
                            UPDATE floods SET resolved_notified_at = COALESCE(resolved_notified_at, ?)
                            WHERE flood_id = ?""", timestamp(notification.at()), notification.floodId()) > 0;
        }
        if (notification.outcome() == Notification.Outcome.SILENCED) {
            update("UPDATE logs_history SET silence_id = ? WHERE alarm_id = ? AND silence_id IS NULL",
                    notification.silenceId(), notification.alarmId());
        }
        if (notification.outcome() == Notification.Outcome.SENT) {
            int updated = update("""
                            UPDATE logs_history SET notified_at = ?, sns_message_id = ?
                            WHERE alarm_id = ? AND notified_at IS NULL""",
                    timestamp(notification.at()), notification.snsMessageId(), notification.alarmId());
            if (updated > 0) {
                return true;
            }
        }
        // REJECTED and SILENCED leave notified_at empty, as it was: the alarm is in the history, nobody was told.
        return count("SELECT COUNT(*) FROM logs_history WHERE alarm_id = ?", notification.alarmId()) > 0;
    }

    private boolean floodExists(String floodId) {
        return count("SELECT COUNT(*) FROM floods WHERE flood_id = ?", floodId) > 0;
    }

    /** Keeps a record that is not an alarm, once per event id. */
    void quarantine(QuarantinedRecord quarantined) {
        StreamRecord record = quarantined.record();
        update("""
                        INSERT INTO alarm_quarantine (event_id, stream, sequence_number, arrived_at, reason, raw, quarantined_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON DUPLICATE KEY UPDATE event_id = event_id""",
                record.eventId(), record.stream(), record.sequenceNumber(),
                record.arrivedAt() == null ? null : timestamp(record.arrivedAt()),
                quarantined.reason().length() > 1000 ? quarantined.reason().substring(0, 1000) : quarantined.reason(),
                record.text(), timestamp(quarantined.quarantinedAt()));
    }

    /** Runs an INSERT or UPDATE in the current transaction; returns the rows it changed. */
    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.get().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The history could not be written: " + e.getMessage(), e);
        }
    }

    private long count(String sql, Object... parameters) {
        try (Connection connection = dataSource.get().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The history could not be read: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
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

    // DATETIME columns hold UTC wall-clock time: the same Hibernate writes for the API's Instant fields
    // (quarkus.hibernate-orm.jdbc.timezone=UTC), whatever the JVM's zone.
    private static LocalDateTime timestamp(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
