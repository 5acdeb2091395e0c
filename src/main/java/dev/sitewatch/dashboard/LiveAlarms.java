package dev.sitewatch.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The live stream behind the dashboard ({@code GET /dashboard/events}, server-sent events). One poller per API
 * instance, whatever the number of viewers, looks into the history every {@code sitewatch.dashboard.live-poll-interval}
 * (500 ms) while someone watches: alarms the historian added since the last look ({@code alarm} events, oldest first,
 * the history id as the event id) and a change in the open floods ({@code floods}: one opened, closed, or a new peak).
 * The history is where every instance can see every alarm (the historian is a Lambda; the API may run several tasks),
 * and it is the same data the page loads, so what the stream announces the API already answers.
 * <p>
 * Nothing is replayed on reconnection: the page reloads its data when the stream opens, which covers what it missed.
 */
@ApplicationScoped
class LiveAlarms {

    private static final Logger LOG = Logger.getLogger(LiveAlarms.class);
    /** At most this many new alarms per look; the rest follow on the next. */
    private static final int MAX_PER_POLL = 200;

    /**
     * Looked up when the stream is used, not injected: in the one-process app, tests play the archiver and the
     * notifier with the datasource inactive ({@code sitewatch.database.enabled=false}), and an injected inactive
     * datasource would stop the app at start.
     */
    @Inject
    Instance<DataSource> dataSource;

    @Inject
    DashboardConfig config;

    @Inject
    ObjectMapper mapper;

    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService poller;
    private long lastAlarmId = -1; // -1: not read yet; read and written under this object's lock, as openFloods
    private String openFloods;
    private long lastHeartbeat = System.nanoTime();

    private record Viewer(SseEventSink sink, Sse sse) {
    }

    /** One alarm as the stream announces it: what the page needs to draw it at once. */
    record LiveAlarm(long id, String alarmId, String type, String key, String time, int orderCount, int threshold,
                     int windowSeconds, String floodId) {
    }

    synchronized void watch(SseEventSink sink, Sse sse) {
        if (lastAlarmId < 0) {
            // before "hello": what the page loads on it and what the stream sends from here on leave no gap
            try (Connection connection = dataSource.get().getConnection()) {
                lastAlarmId = lastAlarmId(connection);
                openFloods = openFloods(connection);
            } catch (SQLException e) {
                LOG.debugf("Live stream: could not read the history yet: %s", e.getMessage());
            }
        }
        sink.send(sse.newEventBuilder().name("hello").reconnectDelay(2_000).data("live").build());
        viewers.add(new Viewer(sink, sse));
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "dashboard-live");
                thread.setDaemon(true);
                return thread;
            });
            long every = config.livePollInterval().toMillis();
            poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
        disconnectAll();
    }

    /** Ends every viewer's stream, as a restart or a dropped connection would; browsers reconnect by themselves. */
    void disconnectAll() {
        viewers.forEach(viewer -> viewer.sink().close());
        viewers.clear();
    }

    /** Viewers watching now (closed streams leave at the next look). */
    int viewers() {
        return viewers.size();
    }

    private synchronized void poll() {
        try {
            viewers.removeIf(viewer -> viewer.sink().isClosed());
            if (viewers.isEmpty()) {
                lastAlarmId = -1; // the next viewer starts from what is new then
                openFloods = null;
                return;
            }
            try (Connection connection = dataSource.get().getConnection()) {
                if (lastAlarmId < 0) {
                    lastAlarmId = lastAlarmId(connection);
                    openFloods = openFloods(connection);
                }
                for (LiveAlarm alarm : newAlarms(connection)) {
                    broadcast("alarm", Long.toString(alarm.id()), alarm);
                    lastAlarmId = alarm.id();
                }
                String floods = openFloods(connection);
                if (!floods.equals(openFloods)) {
                    openFloods = floods;
                    broadcast("floods", null, Map.of("open", floods.isEmpty() ? 0 : floods.split(";").length));
                }
            }
            if (System.nanoTime() - lastHeartbeat > config.liveHeartbeat().toNanos()) {
                lastHeartbeat = System.nanoTime();
                viewers.forEach(viewer -> send(viewer, viewer.sse().newEventBuilder().comment("still here").build()));
            }
        } catch (SQLException | RuntimeException e) {
            // the history may be briefly away (a paused Aurora resumes in ~15 s): try again at the next look
            LOG.debugf("Live stream: could not read the history: %s", e.getMessage());
        }
    }

    private void broadcast(String name, String id, Object data) {
        String json;
        try {
            json = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + data, e);
        }
        for (Viewer viewer : viewers) {
            OutboundSseEvent.Builder event = viewer.sse().newEventBuilder().name(name)
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(json);
            if (id != null) {
                event.id(id);
            }
            send(viewer, event.build());
        }
    }

    private void send(Viewer viewer, OutboundSseEvent event) {
        if (viewer.sink().isClosed()) {
            viewers.remove(viewer);
            return;
        }
        viewer.sink().send(event).exceptionally(failure -> {
            viewers.remove(viewer); // the browser went away
            return null;
        });
    }

    private static long lastAlarmId(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM logs_history");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<LiveAlarm> newAlarms(Connection connection) throws SQLException {
        List<LiveAlarm> alarms = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT id, alarm_id, alarm_type, alarm_key, alarm_creation_time, Number_of_orders, threshold,
                       window_seconds, flood_id
                FROM logs_history WHERE id > ? ORDER BY id LIMIT ?""")) {
            statement.setLong(1, lastAlarmId);
            statement.setInt(2, MAX_PER_POLL);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    alarms.add(new LiveAlarm(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC).toString(),
                            rows.getInt(6), rows.getInt(7), rows.getInt(8), rows.getString(9)));
                }
            }
        }
        return alarms;
    }

    /** The open floods as text (id, peak and number of alarms of each): any change in it is news. */
    private static String openFloods(Connection connection) throws SQLException {
        Map<Long, String> floods = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, peak_count, alarms FROM floods WHERE ended_at IS NULL ORDER BY id");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                floods.put(rows.getLong(1), rows.getLong(2) + "/" + rows.getLong(3));
            }
        }
        return String.join(";", floods.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }
}
