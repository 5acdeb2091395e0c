package dev.sitewatch.history;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One row of {@code logs.logs_history}: an alarm as it was received, and whether people were told. The historian
 * writes it from the stream; the notifier's own ledger is in DynamoDB. The schema belongs to the Flyway migrations
 * in src/main/sql.
 */
@Entity
@Table(name = "logs_history")
public class AlarmRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "alarm_id", nullable = false, unique = true, length = 64)
    public String alarmId;

    @Column(name = "alarm_type", nullable = false, length = 32)
    public String type;

    @Column(name = "alarm_key", length = 128)
    public String key;

    /** The original column: when the flood was detected (the window's end), to the second, UTC. */
    @Column(name = "alarm_creation_time", nullable = false)
    public Instant creationTime;

    /** The original column: the number of orders in the window. */
    @Column(name = "Number_of_orders", nullable = false)
    public int numberOfOrders;

    @Column(name = "threshold", nullable = false)
    public int threshold;

    @Column(name = "window_start", nullable = false)
    public Instant windowStart;

    @Column(name = "window_end", nullable = false)
    public Instant windowEnd;

    @Column(name = "window_seconds", nullable = false)
    public int windowSeconds;

    /** When the detector raised it: the window's end for a flood's first alarm, the throttle slot for a repeat. */
    @Column(name = "raised_at")
    public Instant raisedAt;

    /** JSON: {@code {"customers":[{"key":..,"count":..}],"countries":[..],"stockCodes":[..]}}. */
    @Column(name = "top_contributors", columnDefinition = "json")
    public String topContributors;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** {@code null} until the notifier reports that SNS accepted the message. */
    @Column(name = "notified_at")
    public Instant notifiedAt;

    @Column(name = "sns_message_id", length = 100)
    public String snsMessageId;

    /** The flood it belongs to ({@code floods.flood_id}); null for alarms from before episodes. */
    @Column(name = "flood_id", length = 64)
    public String floodId;

    /** The silence that muted it; then {@code notifiedAt} stays null on purpose. */
    @Column(name = "silence_id", length = 64)
    public String silenceId;

    public static AlarmRecord findByAlarmId(String alarmId) {
        return find("alarmId", alarmId).firstResult();
    }
}
