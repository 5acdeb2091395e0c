package dev.sitewatch.api;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.history.AlarmRecord;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** Alarms one by one: pages of the history, newest first, and single alarms. */
@ApplicationScoped
class AlarmHistory {

    @Inject
    ObjectMapper mapper;

    AlarmPage page(Instant from, Instant to, String type, Cursor after, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (from != null) {
            where.append(" and creationTime >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            where.append(" and creationTime < :to");
            parameters.and("to", to);
        }
        if (type != null) {
            where.append(" and type = :type");
            parameters.and("type", type);
        }
        if (after != null) {
            where.append(" and (creationTime < :afterTime or (creationTime = :afterTime and id < :afterId))");
            parameters.and("afterTime", after.time()).and("afterId", after.id());
        }
        // one more than asked tells whether there is a next page
        List<AlarmRecord> rows = AlarmRecord.<AlarmRecord>find(where.toString(),
                        Sort.descending("creationTime").and("id", Sort.Direction.Descending), parameters)
                .page(0, limit + 1).list();
        List<AlarmView> items = rows.stream().limit(limit).map(this::view).toList();
        String next = rows.size() > limit
                ? new Cursor(items.get(limit - 1).time(), items.get(limit - 1).id()).encode() : null;
        return new AlarmPage(items, next);
    }

    Optional<AlarmView> byId(long id) {
        return AlarmRecord.<AlarmRecord>findByIdOptional(id).map(this::view);
    }

    AlarmView view(AlarmRecord record) {
        return AlarmView.of(record, topContributors(record.topContributors));
    }

    private JsonNode topContributors(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(json); // hand-written rows may hold anything
        }
    }
}
