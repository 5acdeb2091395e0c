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
    private static final String FLOOD_ID = "FloodId";
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
    Claim claim(Notice notice) throws InterruptedException {
        while (true) {
            String token = UUID.randomUUID().toString();
            Instant now = clock.instant();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(PARTITION_KEY, s(notice.alarmId()));
            item.put(STATE, s(CLAIMED));
            item.put("ClaimToken", s(token));
            item.put("ClaimedUntil", n(now.plus(config.claimLease()).toEpochMilli()));
            item.put("Type", s(notice.type()));
            item.put("ExpiresAt", n(now.plus(config.ledgerRetention()).getEpochSecond()));
            if (notice.key() != null) {
                item.put("Key", s(notice.key()));
            }
            if (notice.resolvedFlood() != null) {
                item.put(FLOOD_ID, s(notice.resolvedFlood()));
            }
            try {
                dynamo.putItem(p -> p.tableName(config.ledgerTable()).item(item)
                        .conditionExpression("attribute_not_exists(#id) OR (#state = :claimed AND ClaimedUntil < :now)")
                        .expressionAttributeNames(Map.of("#id", PARTITION_KEY, "#state", STATE))
                        .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":now", n(now.toEpochMilli()))));
                return new Claim.Granted(token);
            } catch (ConditionalCheckFailedException taken) {
                Map<String, AttributeValue> current = dynamo.getItem(g -> g.tableName(config.ledgerTable())
                        .consistentRead(true).key(Map.of(PARTITION_KEY, s(notice.alarmId())))).item();
                if (current != null && !current.isEmpty() && !CLAIMED.equals(current.get(STATE).s())) {
                    return new Claim.Decided(decided(notice, current));
                }
                // Someone else is publishing it right now (or it was released a moment ago): wait and look again.
                Thread.sleep(WAIT_STEP_MS);
            }
        }
    }

    /** SNS accepted the message. */
    Notification markSent(Notice notice, String token, String snsMessageId) {
        Instant now = clock.instant();
        mark(notice, token, "SET #state = :state, NotifiedAt = :at, SnsMessageId = :message REMOVE ClaimToken, ClaimedUntil",
                Map.of(":state", s(Notification.Outcome.SENT.name()), ":at", s(now.toString()),
                        ":message", s(snsMessageId), ":token", s(token)));
        return new Notification(notice.alarmId(), Notification.Outcome.SENT, now, snsMessageId, null, null,
                notice.resolvedFlood());
    }

    /** SNS refused the message for good: it will not be sent again. */
    Notification markRejected(Notice notice, String token, String reason) {
        Instant now = clock.instant();
        mark(notice, token, "SET #state = :state, DecidedAt = :at, Reason = :reason REMOVE ClaimToken, ClaimedUntil",
                Map.of(":state", s(Notification.Outcome.REJECTED.name()), ":at", s(now.toString()),
                        ":reason", s(reason), ":token", s(token)));
        return new Notification(notice.alarmId(), Notification.Outcome.REJECTED, now, null, reason, null,
                notice.resolvedFlood());
    }

    /** A silence matched: not sent, and not to be sent on a redelivery either, whenever that comes. */
    Notification markSilenced(Notice notice, String token, String silenceId) {
        Instant now = clock.instant();
        mark(notice, token, "SET #state = :state, DecidedAt = :at, SilenceId = :silence REMOVE ClaimToken, ClaimedUntil",
                Map.of(":state", s(Notification.Outcome.SILENCED.name()), ":at", s(now.toString()),
                        ":silence", s(silenceId), ":token", s(token)));
        return new Notification(notice.alarmId(), Notification.Outcome.SILENCED, now, null, null, silenceId,
                notice.resolvedFlood());
    }

    /** Gives the claim up after a retryable failure, so that the retry need not wait for the lease. */
    void release(Notice notice, String token) {
        try {
            dynamo.deleteItem(d -> d.tableName(config.ledgerTable()).key(Map.of(PARTITION_KEY, s(notice.alarmId())))
                    .conditionExpression("ClaimToken = :token")
                    .expressionAttributeValues(Map.of(":token", s(token))));
        } catch (ConditionalCheckFailedException notOursAnyMore) {
            // the lease ran out and someone else holds it now
        }
    }

    private void mark(Notice notice, String token, String update, Map<String, AttributeValue> values) {
        dynamo.updateItem(u -> u.tableName(config.ledgerTable()).key(Map.of(PARTITION_KEY, s(notice.alarmId())))
                .updateExpression(update)
                .conditionExpression("ClaimToken = :token")
                .expressionAttributeNames(Map.of("#state", STATE))
                .expressionAttributeValues(values));
    }

    private static Notification decided(Notice notice, Map<String, AttributeValue> item) {
        Notification.Outcome outcome = Notification.Outcome.valueOf(item.get(STATE).s());
        return switch (outcome) {
            case SENT -> new Notification(notice.alarmId(), outcome, Instant.parse(item.get("NotifiedAt").s()),
                    item.get("SnsMessageId").s(), null, null, notice.resolvedFlood());
            case REJECTED -> new Notification(notice.alarmId(), outcome, Instant.parse(item.get("DecidedAt").s()),
                    null, item.get("Reason").s(), null, notice.resolvedFlood());
            case SILENCED -> new Notification(notice.alarmId(), outcome, Instant.parse(item.get("DecidedAt").s()),
                    null, null, item.get("SilenceId").s(), notice.resolvedFlood());
        };
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
