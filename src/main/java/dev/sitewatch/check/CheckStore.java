package dev.sitewatch.check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The checks table: one item per check (partition key {@value #PARTITION_KEY}) holding the definition, which the
 * API writes, and the prober's state, which only the prober writes: {@code State} (JSON of {@link CheckState}),
 * {@code Round} (epoch ms of the last round applied) and {@code Pending} (a map of events of committed rounds not yet
 * known to be on the stream: the outbox). The API never touches the prober's attributes and the prober never the
 * definition's, so neither overwrites the other. Reads are strongly consistent.
 */
@ApplicationScoped
public class CheckStore {

    public static final String PARTITION_KEY = "CheckId";
    private static final Logger LOG = Logger.getLogger(CheckStore.class);
    private static final List<String> DEFINITION = List.of("Name", "Url", "Method", "Headers", "Body", "StatusMin",
            "StatusMax", "ExpectedBody", "TimeoutMs", "SlowMs", "IntervalSeconds", "CertExpiryDays",
            "FailuresBeforeDown", "SlowRounds", "Enabled", "UpdatedAt");

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper mapper;

    @Inject
    CheckStore(DynamoDbClient dynamo, ChecksConfig config, ObjectMapper mapper) {
        this(dynamo, config.table(), mapper);
    }

    CheckStore(DynamoDbClient dynamo, String table, ObjectMapper mapper) {
        this.dynamo = dynamo;
        this.table = table;
        this.mapper = mapper;
    }

    /** Stores a new check, with no state and an empty outbox; its id must be new. */
    public void create(Check check) {
        Map<String, AttributeValue> item = definition(check);
        item.put(PARTITION_KEY, s(check.id()));
        item.put("CreatedAt", s(check.createdAt().toString()));
        item.put("Pending", AttributeValue.fromM(Map.of()));
        dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", PARTITION_KEY)));
    }

    public Optional<StoredCheck> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of(PARTITION_KEY, s(id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(stored(item));
    }

    /** Every check, with its state. */
    public List<StoredCheck> all() {
        List<StoredCheck> checks = new ArrayList<>();
        for (var page : dynamo.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())) {
            for (Map<String, AttributeValue> item : page.items()) {
                StoredCheck check = stored(item);
                if (check != null) {
                    checks.add(check);
                }
            }
        }
        return checks;
    }

    /** Replaces the definition of an existing check, leaving the prober's state alone; empty if there is none. */
    public Optional<StoredCheck> replace(Check check) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> definition = definition(check);
        for (int i = 0; i < DEFINITION.size(); i++) {
            String attribute = DEFINITION.get(i);
            names.put("#a" + i, attribute);
            if (definition.containsKey(attribute)) {
                values.put(":v" + i, definition.get(attribute));
                set.add("#a" + i + " = :v" + i);
            } else {
                remove.add("#a" + i);
            }
        }
        names.put("#id", PARTITION_KEY);
        String update = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(u -> u.tableName(table)
                    .key(Map.of(PARTITION_KEY, s(check.id()))).updateExpression(update)
                    .conditionExpression("attribute_exists(#id)").expressionAttributeNames(names)
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.ofNullable(stored(after));
        } catch (ConditionalCheckFailedException missing) {
            return Optional.empty();
        }
    }

    /** @return whether there was such a check */
    public boolean delete(String id) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Map.of(PARTITION_KEY, s(id)))
                    .conditionExpression("attribute_exists(#id)").expressionAttributeNames(Map.of("#id", PARTITION_KEY)));
            return true;
        } catch (ConditionalCheckFailedException missing) {
            return false;
        }
    }

    /**
     * Applies a round: the new state and its events (into the outbox) in one conditional write, taken only if the
     * check still exists and no run has applied this round or a later one. This is what makes a redelivered or
     * concurrent run of the same round count nothing twice.
     *
     * @param events outbox key → event JSON
     * @return false when another run got there first (or the check was deleted): nothing was written
     */
    public boolean commitRound(String id, CheckState state, Map<String, String> events) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        names.put("#id", PARTITION_KEY);
        names.put("#round", "Round");
        values.put(":state", s(json(state)));
        values.put(":round", AttributeValue.fromN(Long.toString(state.round().toEpochMilli())));
        StringBuilder update = new StringBuilder("SET #state = :state, #round = :round");
        names.put("#state", "State");
        int i = 0;
        for (Map.Entry<String, String> event : events.entrySet()) {
            names.put("#p", "Pending");
            names.put("#e" + i, event.getKey());
            values.put(":e" + i, s(event.getValue()));
            update.append(", #p.#e").append(i).append(" = :e").append(i);
            i++;
        }
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of(PARTITION_KEY, s(id))).updateExpression(update.toString())
                    .conditionExpression("attribute_exists(#id) AND (attribute_not_exists(#round) OR #round < :round)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /** Takes events out of the outbox once they are on the stream; a check deleted meanwhile is left alone. */
    public void removePending(String id, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>();
        names.put("#id", PARTITION_KEY);
        names.put("#p", "Pending");
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            names.put("#e" + i, keys.get(i));
            paths.add("#p.#e" + i);
        }
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of(PARTITION_KEY, s(id)))
                    .updateExpression("REMOVE " + String.join(", ", paths))
                    .conditionExpression("attribute_exists(#id)").expressionAttributeNames(names));
        } catch (ConditionalCheckFailedException deleted) {
            LOG.debugf("Check %s was deleted before its events left the outbox", id);
        }
    }

    private Map<String, AttributeValue> definition(Check check) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("Name", s(check.name()));
        item.put("Url", s(check.url()));
        item.put("Method", s(check.method()));
        item.put("Headers", s(json(check.headers())));
        if (check.body() != null) {
            item.put("Body", s(check.body()));
        }
        item.put("StatusMin", n(check.expectedStatus().min()));
        item.put("StatusMax", n(check.expectedStatus().max()));
        if (check.expectedBody() != null) {
            item.put("ExpectedBody", s(check.expectedBody()));
        }
        item.put("TimeoutMs", n(check.timeoutMs()));
        item.put("SlowMs", n(check.slowMs()));
        item.put("IntervalSeconds", n(check.intervalSeconds()));
        item.put("CertExpiryDays", n(check.certExpiryDays()));
        item.put("FailuresBeforeDown", n(check.failuresBeforeDown()));
        item.put("SlowRounds", n(check.slowRounds()));
        item.put("Enabled", AttributeValue.fromBool(check.enabled()));
        item.put("UpdatedAt", s(check.updatedAt().toString()));
        return item;
    }

    /** The check of an item, or null (and a warning) for an item that is not one: it must not stop the others. */
    private StoredCheck stored(Map<String, AttributeValue> item) {
        String id = text(item, PARTITION_KEY);
        try {
            Check check = new Check(id, text(item, "Name"), text(item, "Url"), text(item, "Method"),
                    mapper.readValue(text(item, "Headers"), new TypeReference<LinkedHashMap<String, String>>() { }),
                    text(item, "Body"), new Check.StatusRange(number(item, "StatusMin"), number(item, "StatusMax")),
                    text(item, "ExpectedBody"), number(item, "TimeoutMs"), number(item, "SlowMs"),
                    number(item, "IntervalSeconds"), number(item, "CertExpiryDays"), number(item, "FailuresBeforeDown"),
                    number(item, "SlowRounds"), Boolean.TRUE.equals(item.get("Enabled").bool()),
                    Instant.parse(text(item, "CreatedAt")), Instant.parse(text(item, "UpdatedAt")));
            if (check.name() == null || check.url() == null || check.method() == null) {
                throw new IllegalArgumentException("Name, Url or Method missing");
            }
            String state = text(item, "State");
            SortedMap<String, String> pending = new TreeMap<>();
            AttributeValue outbox = item.get("Pending");
            if (outbox != null && outbox.hasM()) {
                outbox.m().forEach((k, v) -> pending.put(k, v.s()));
            }
            return new StoredCheck(check, state == null ? CheckState.NEW : mapper.readValue(state, CheckState.class),
                    pending);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Item %s of the checks table is not a check; ignored: %s", id, e.getMessage());
            return null;
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Records of strings, numbers and times always serialize", e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        return Integer.parseInt(item.get(name).n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
