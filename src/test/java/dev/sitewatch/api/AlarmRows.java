package dev.sitewatch.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.hibernate.Session;

import dev.sitewatch.history.AlarmRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Seeds {@code logs_history} rows directly, as the notifier (or an operator) would have written them. */
final class AlarmRows {

    private AlarmRows() {
    }

    /** An alarm detected at {@code time} (window end) with a 15 s window; returns its id. */
    static long insert(String alarmId, String type, String key, String time, int orders) {
        Instant end = Instant.parse(time);
        return QuarkusTransaction.requiringNew().call(() -> {
            var em = AlarmRecord.getEntityManager();
            em.createNativeQuery("""
                            INSERT INTO logs_history (alarm_id, alarm_type, alarm_key, alarm_creation_time,
                                Number_of_orders, threshold, window_start, window_end, window_seconds, top_contributors,
                                received_at, notified_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, 30, ?6, ?7, 15, ?8, ?7, ?7)""")
                    .setParameter(1, alarmId).setParameter(2, type).setParameter(3, key)
                    .setParameter(4, utc(end)).setParameter(5, orders)
                    .setParameter(6, utc(end.minusSeconds(15))).setParameter(7, utc(end))
                    .setParameter(8, "{\"customers\":[{\"key\":\"17850\",\"count\":9}],\"countries\":[],\"stockCodes\":[]}")
                    .executeUpdate();
            return ((Number) em.createNativeQuery("SELECT id FROM logs_history WHERE alarm_id = ?1")
                    .setParameter(1, alarmId).getSingleResult()).longValue();
        });
    }

    /** An alarm to seed in bulk: detected at {@code time} (window end, whole seconds) with {@code orders} orders. */
    record Alarm(String alarmId, String type, Instant time, int orders) {
    }

    /** Inserts all of them in one transaction, as JDBC batches: thousands in well under a second. */
    static void insertAll(List<Alarm> alarms) {
        QuarkusTransaction.requiringNew().run(() -> AlarmRecord.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (var insert = connection.prepareStatement("""
                    INSERT INTO logs_history (alarm_id, alarm_type, alarm_key, alarm_creation_time, Number_of_orders,
                        threshold, window_start, window_end, window_seconds, received_at, notified_at)
                    VALUES (?, ?, ?, ?, ?, 30, ?, ?, 15, ?, ?)""")) {
                for (Alarm alarm : alarms) {
                    LocalDateTime end = utc(alarm.time());
                    insert.setString(1, alarm.alarmId());
                    insert.setString(2, alarm.type());
                    insert.setString(3, alarm.type().equals("CUSTOMER_FLOOD") ? "17850" : null);
                    insert.setObject(4, end);
                    insert.setInt(5, alarm.orders());
                    insert.setObject(6, end.minusSeconds(15));
                    insert.setObject(7, end);
                    insert.setObject(8, end);
                    insert.setObject(9, end);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
