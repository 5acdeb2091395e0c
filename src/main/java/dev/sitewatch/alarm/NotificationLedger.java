package dev.sitewatch.alarm;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The notifier's own record of what it has sent (Alertmanager's notification log), one DynamoDB item per
 * {@code alarmId}, so that alarms reach people without waiting for the history database. Lambda delivers at least
 * once, so every step is safe to repeat:
 * <ol>
 *   <li>{@link #claim}: a conditional put that succeeds only for an alarm nobody has claimed, or whose claim
 *       expired without a result (a crashed invocation). A live claim of someone else is waited for, as two
 *       deliveries of one alarm queued on a row lock before.</li>
 *   <li>The caller publishes, then {@link #markSent marks} the item (or {@link #markRejected}, or {@link #release}s
 *       it after a retryable failure, so that the retry can claim it at once).</li>
 * </ol>
 * The gap that remains: a crash after SNS accepted the message and before the mark; the claim then expires and a
 * redelivery sends the message once more (a second SMS rather than none).
 */
@ApplicationScoped
public class NotificationLedger {

    public static final String PARTITION_KEY = "AlarmId";
    static final String STATE = "State";
    static final String CLAIMED = "CLAIMED";
    private static final long WAIT_STEP_MS = 100;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    AlarmsConfig config;

    Clock clock = Clock.systemUTC();

    /** What {@link #claim} found. */
    sealed interface Claim {
        /** Ours to publish; {@code token} proves it to the mark. */
        record Granted(String token) implements Claim {
        }

        /** Decided before: nothing to send, only to report again. */
        record Decided(Notification notification) implements Claim {
        }
    }

    /**
     * Claims the alarm for publishing, or returns what an earlier delivery decided. Waits while another delivery
     * holds a live claim, at most the claim's lease.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when DynamoDB cannot be reached: retry the record
     */
    Claim claim(Alarm alarm) throws InterruptedException {
        while (true) {
            String token = UUID.randomUUID().toString();
            Instant now = clock.instant();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(PARTITION_KEY, s(alarm.alarmId()));
            item.put(STATE, s(CLAIMED));
            item.put("ClaimToken", s(token));
            item.put("ClaimedUntil", n(now.plus(config.claimLease()).toEpochMilli()));
            item.put("Type", s(alarm.type()));
            item.put("WindowEnd", s(alarm.windowEnd().toString()));
            item.put("ExpiresAt", n(now.plus(config.ledgerRetention()).getEpochSecond()));
            if (alarm.key() != null) {
                item.put("Key", s(alarm.key()));
            }
            try {
                dynamo.putItem(p -> p.tableName(config.ledgerTable()).item(item)
                        .conditionExpression("attribute_not_exists(#id) OR (#state = :claimed AND ClaimedUntil < :now)")
                        .expressionAttributeNames(Map.of("#id", PARTITION_KEY, "#state", STATE))
                        .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":now", n(now.toEpochMilli()))));
                return new Claim.Granted(token);
            } catch (ConditionalCheckFailedException taken) {
                Map<String, AttributeValue> current = dynamo.getItem(g -> g.tableName(config.ledgerTable())
                        .consistentRead(true).key(Map.of(PARTITION_KEY, s(alarm.alarmId())))).item();
                if (current != null && !current.isEmpty() && !CLAIMED.equals(current.get(STATE).s())) {
                    return new Claim.Decided(decided(alarm.alarmId(), current));
                }
                // Someone else is publishing it right now (or it was released a moment ago): wait and look again.
                Thread.sleep(WAIT_STEP_MS);
            }
        }
    }

    /** SNS accepted the message. */
    Notification markSent(Alarm alarm, String token, String snsMessageId) {
        Instant now = clock.instant();
        mark(alarm, token, "SET #state = :state, NotifiedAt = :at, SnsMessageId = :message REMOVE ClaimToken, ClaimedUntil",
                Map.of(":state", s(Notification.Outcome.SENT.name()), ":at", s(now.toString()),
                        ":message", s(snsMessageId), ":token", s(token)));
        return new Notification(alarm.alarmId(), Notification.Outcome.SENT, now, snsMessageId, null);
    }

    /** SNS refused the message for good: it will not be sent again. */
    Notification markRejected(Alarm alarm, String token, String reason) {
        Instant now = clock.instant();
        mark(alarm, token, "SET #state = :state, RejectedAt = :at, Reason = :reason REMOVE ClaimToken, ClaimedUntil",
                Map.of(":state", s(Notification.Outcome.REJECTED.name()), ":at", s(now.toString()),
                        ":reason", s(reason), ":token", s(token)));
        return new Notification(alarm.alarmId(), Notification.Outcome.REJECTED, now, null, reason);
    }

    /** Gives the claim up after a retryable failure, so that the retry need not wait for the lease. */
    void release(Alarm alarm, String token) {
        try {
            dynamo.deleteItem(d -> d.tableName(config.ledgerTable()).key(Map.of(PARTITION_KEY, s(alarm.alarmId())))
                    .conditionExpression("ClaimToken = :token")
                    .expressionAttributeValues(Map.of(":token", s(token))));
        } catch (ConditionalCheckFailedException notOursAnyMore) {
            // the lease ran out and someone else holds it now
        }
    }

    private void mark(Alarm alarm, String token, String update, Map<String, AttributeValue> values) {
        dynamo.updateItem(u -> u.tableName(config.ledgerTable()).key(Map.of(PARTITION_KEY, s(alarm.alarmId())))
                .updateExpression(update)
                .conditionExpression("ClaimToken = :token")
                .expressionAttributeNames(Map.of("#state", STATE))
                .expressionAttributeValues(values));
    }

    private static Notification decided(String alarmId, Map<String, AttributeValue> item) {
        Notification.Outcome outcome = Notification.Outcome.valueOf(item.get(STATE).s());
        if (outcome == Notification.Outcome.SENT) {
            return new Notification(alarmId, outcome, Instant.parse(item.get("NotifiedAt").s()),
                    item.get("SnsMessageId").s(), null);
        }
        return new Notification(alarmId, outcome, Instant.parse(item.get("RejectedAt").s()), null,
                item.get("Reason").s());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
