package dev.sitewatch.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

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

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
