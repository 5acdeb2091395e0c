package dev.sitewatch.silence;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The silences in DynamoDB, one item per silence. Times are ISO-8601 UTC strings; {@code ExpiresAt} (epoch seconds,
 * {@code retention} after the end) lets DynamoDB's TTL remove old silences. Reads are strongly consistent: a silence
 * is in force as soon as its creator got the 201.
 */
@ApplicationScoped
public class SilenceStore {

    public static final String PARTITION_KEY = "SilenceId";
    private static final Logger LOG = Logger.getLogger(SilenceStore.class);
    private static final int EXPIRE_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    @Inject
    SilenceStore(DynamoDbClient dynamo, SilencesConfig config) {
        this(dynamo, config.table(), config.retention());
    }

    SilenceStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /** Stores a new silence; its id must be new. */
    void create(Silence silence) {
        dynamo.putItem(p -> p.tableName(table).item(item(silence))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", PARTITION_KEY)));
    }

    Optional<Silence> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of(PARTITION_KEY, s(id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(silence(item));
    }

    /** Every silence in the table, whatever its state. */
    public List<Silence> all() {
        return scan(ScanRequest.builder().tableName(table).consistentRead(true).build());
    }

    /**
     * Every silence in the table, read within {@code timeout} (retries included).
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when the table cannot be read in time
     */
    public List<Silence> all(Duration timeout) {
        return scan(ScanRequest.builder().tableName(table).consistentRead(true)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout)).build());
    }

    private List<Silence> scan(ScanRequest request) {
        List<Silence> silences = new ArrayList<>();
        for (var page : dynamo.scanPaginator(request)) {
            for (Map<String, AttributeValue> item : page.items()) {
                Silence silence = silence(item);
                if (silence != null) {
                    silences.add(silence);
                }
            }
        }
        return silences;
    }

    /**
     * Ends the silence now, unless it has ended already: then it is returned unchanged. Empty when there is no such
     * silence.
     */
    Optional<Silence> expire(String id, Instant now) {
        for (int attempt = 1; ; attempt++) {
            Optional<Silence> found = find(id);
            if (found.isEmpty() || found.get().state(now) == Silence.State.EXPIRED) {
                return found;
            }
            Silence current = found.get();
            Silence expired = new Silence(current.id(), current.matchers(), current.startsAt(), now,
                    current.comment(), current.createdBy(), current.createdAt());
            try {
                // only if nobody changed its end meanwhile (an expiry racing this one)
                dynamo.updateItem(u -> u.tableName(table).key(Map.of(PARTITION_KEY, s(id)))
                        .updateExpression("SET EndsAt = :end, ExpiresAt = :expires")
                        .conditionExpression("EndsAt = :previous")
                        .expressionAttributeValues(Map.of(":end", s(now.toString()),
                                ":expires", expiresAt(now), ":previous", s(current.endsAt().toString()))));
                return Optional.of(expired);
            } catch (ConditionalCheckFailedException changed) {
                if (attempt >= EXPIRE_ATTEMPTS) {
                    throw changed;
                }
            }
        }
    }

    private Map<String, AttributeValue> item(Silence silence) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, s(silence.id()));
        Matchers matchers = silence.matchers();
        if (matchers.type() != null) {
            item.put("Type", s(matchers.type()));
        }
        if (matchers.key() != null) {
            item.put("Key", s(matchers.key()));
        }
        if (matchers.keyPrefix() != null) {
            item.put("KeyPrefix", s(matchers.keyPrefix()));
        }
        item.put("All", AttributeValue.fromBool(matchers.all()));
        item.put("StartsAt", s(silence.startsAt().toString()));
        item.put("EndsAt", s(silence.endsAt().toString()));
        item.put("Comment", s(silence.comment()));
        item.put("CreatedBy", s(silence.createdBy()));
        item.put("CreatedAt", s(silence.createdAt().toString()));
        item.put("ExpiresAt", expiresAt(silence.endsAt()));
        return item;
    }

    private AttributeValue expiresAt(Instant endsAt) {
        return AttributeValue.fromN(Long.toString(endsAt.plus(retention).getEpochSecond()));
    }

    /** The silence of an item, or null (and a warning) for an item that is not one: it must not hide the others. */
    private static Silence silence(Map<String, AttributeValue> item) {
        String id = text(item, PARTITION_KEY);
        String startsAt = text(item, "StartsAt");
        String endsAt = text(item, "EndsAt");
        String createdAt = text(item, "CreatedAt");
        if (id == null || startsAt == null || endsAt == null || createdAt == null) {
            LOG.warnf("Item %s of the silence table lacks SilenceId, StartsAt, EndsAt or CreatedAt; ignored", item);
            return null;
        }
        try {
            AttributeValue all = item.get("All");
            Matchers matchers = new Matchers(text(item, "Type"), text(item, "Key"), text(item, "KeyPrefix"),
                    all != null && Boolean.TRUE.equals(all.bool()));
            return new Silence(id, matchers, Instant.parse(startsAt), Instant.parse(endsAt), text(item, "Comment"),
                    text(item, "CreatedBy"), Instant.parse(createdAt));
        } catch (DateTimeParseException e) {
            LOG.warnf("Silence %s in the table has a time that is not ISO-8601; ignored: %s", id, e.getMessage());
            return null;
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
