package dev.sitewatch.api;

import static dev.sitewatch.api.SqlTimes.instant;
import static dev.sitewatch.api.SqlTimes.timestamp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import dev.sitewatch.history.AlarmRecord;
import io.quarkus.panache.common.Sort;

/** Floods as episodes (table {@code floods}, kept by the historian): pages, single floods with their alarms. */
@ApplicationScoped
class FloodHistory {

    private static final String COLUMNS = """
            id, flood_id, alarm_type, alarm_key, started_at, ended_at, peak_count, peak_at, alarms, threshold,
            window_seconds, resolved_notified_at""";

    @Inject
    AlarmHistory alarms;

    Clock clock = Clock.systemUTC();

    /** Floods that started in {@code [from, to)}, newest first. */
    FloodPage page(Instant from, Instant to, String type, String key, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM floods WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (from != null) {
            sql.append(" AND started_at >= ?").append(parameters.size() + 1);
            parameters.add(timestamp(from));
        }
        if (to != null) {
            sql.append(" AND started_at < ?").append(parameters.size() + 1);
            parameters.add(timestamp(to));
        }
        if (type != null) {
            sql.append(" AND alarm_type = ?").append(parameters.size() + 1);
            parameters.add(type);
        }
        if (key != null) {
            sql.append(" AND alarm_key = ?").append(parameters.size() + 1);
            parameters.add(key);
        }
        if (after != null) {
            int time = parameters.size() + 1;
            sql.append(" AND (started_at < ?").append(time).append(" OR (started_at = ?").append(time)
                    .append(" AND id < ?").append(time + 1).append("))");
            parameters.add(timestamp(after.time()));
            parameters.add(after.id());
        }
        // one more than asked tells whether there is a next page
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ").append(limit + 1);
        List<FloodView> rows = select(sql.toString(), parameters).stream().map(row -> view(row, null)).toList();
        List<FloodView> items = rows.stream().limit(limit).toList();
        String next = rows.size() > limit
                ? new Cursor(items.get(limit - 1).startedAt(), items.get(limit - 1).id()).encode() : null;
        return new FloodPage(items, next);
    }

    Optional<FloodView> byId(long id) {
        List<Object[]> rows = select("SELECT " + COLUMNS + " FROM floods WHERE id = ?1", List.of(id));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String floodId = (String) rows.get(0)[1];
        List<AlarmView> list = AlarmRecord.<AlarmRecord>list("floodId", Sort.ascending("creationTime").and("id"), floodId)
                .stream().map(alarms::view).toList();
        return Optional.of(view(rows.get(0), list));
    }

    /** The longest flood that started in the range; an open one counts up to now. */
    Optional<FloodView> longest(Params.TimeRange range) {
        List<Object[]> rows = select("SELECT " + COLUMNS + " FROM floods WHERE started_at >= ?1 AND started_at < ?2"
                        + " ORDER BY TIMESTAMPDIFF(MICROSECOND, started_at, COALESCE(ended_at, ?3)) DESC, started_at, id LIMIT 1",
                List.of(timestamp(range.from()), timestamp(range.to()), timestamp(clock.instant())));
        return rows.stream().findFirst().map(row -> view(row, null));
    }

    private FloodView view(Object[] row, List<AlarmView> alarmList) {
        Instant startedAt = instant(row[4]);
        Instant endedAt = instant(row[5]);
        return new FloodView(((Number) row[0]).longValue(), (String) row[1], (String) row[2], (String) row[3],
                startedAt, endedAt, endedAt == null,
                Duration.between(startedAt, endedAt != null ? endedAt : clock.instant()).toSeconds(),
                ((Number) row[6]).intValue(), instant(row[7]), ((Number) row[8]).intValue(),
                ((Number) row[9]).intValue(), ((Number) row[10]).intValue(), instant(row[11]), alarmList);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> select(String sql, List<Object> parameters) {
        EntityManager entityManager = AlarmRecord.getEntityManager();
        Query query = entityManager.createNativeQuery(sql, Object[].class);
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query.getResultList();
    }
}
