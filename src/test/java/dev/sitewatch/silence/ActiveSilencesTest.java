package dev.sitewatch.silence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sitewatch.local.LocalAws;
import dev.sitewatch.local.LocalTables;
import dev.sitewatch.local.emulator.Dynalite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The notifier's view of the silences against a real DynamoDB (dynalite of its own, so that stopping it disturbs no
 * other test), on a clock the test moves. Each test has its own table.
 */
class ActiveSilencesTest {

    static final Duration TTL = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final AtomicInteger TABLES = new AtomicInteger();

    static Dynalite dynalite;
    static DynamoDbClient dynamo;

    final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    String table;
    SilenceStore store;
    ActiveSilences active;

    @BeforeAll
    static void startDynamo() {
        dynalite = Dynalite.start(0);
        dynamo = LocalAws.dynamo(dynalite.endpoint());
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
        dynalite.close();
    }

    @BeforeEach
    void newTable() {
        table = "Silences" + TABLES.incrementAndGet();
        LocalTables.createTable(dynamo, table, SilenceStore.PARTITION_KEY, null);
        store = new SilenceStore(dynamo, table, Duration.ofDays(30));
        active = new ActiveSilences(store, TTL, READ_TIMEOUT, clock);
        Logger.getLogger(ActiveSilences.class.getName()).addHandler(capture);
    }

    @AfterEach
    void removeCapture() {
        Logger.getLogger(ActiveSilences.class.getName()).removeHandler(capture);
    }

    private Silence create(Matchers matchers, Duration startsIn, Duration endsIn) {
        Instant now = clock.instant();
        Silence silence = new Silence(UUID.randomUUID().toString(), matchers, now.plus(startsIn), now.plus(endsIn),
                "test", "tester", now);
        store.create(silence);
        return silence;
    }

    private static Matchers customer(String key) {
        return new Matchers("CUSTOMER_FLOOD", key, null, false);
    }

    @Test
    void aNewSilenceIsSeenOnceTheListIsTtlOldAndNotBefore() {
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).isEmpty(); // reads the (empty) table
        Silence silence = create(customer("14911"), Duration.ZERO, Duration.ofHours(1));

        clock.advance(TTL.minusMillis(1));
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).as("within the TTL: the list read before").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).contains(silence);
        assertThat(active.silencing("CUSTOMER_FLOOD", "14912")).isEmpty();
        assertThat(active.silencing("ORDER_FLOOD", null)).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void silencesStartAndEndOnTheDotWithoutARead() {
        Silence later = create(Matchers.everything(), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(active.silencing("ORDER_FLOOD", null)).as("pending").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(active.silencing("ORDER_FLOOD", null)).contains(later);
        clock.advance(Duration.ofSeconds(2).minusMillis(1));
        assertThat(active.silencing("ORDER_FLOOD", null)).contains(later);
        clock.advance(Duration.ofMillis(1)); // 4 s after the one read: the same list, but the silence has ended
        assertThat(active.silencing("ORDER_FLOOD", null)).isEmpty();
    }

    @Test
    void anExpiredSilenceStopsMutingAtTheNextRead() {
        Silence silence = create(customer("14911"), Duration.ZERO, Duration.ofHours(1));
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).contains(silence);
        assertThat(store.expire(silence.id(), clock.instant())).hasValueSatisfying(expired -> {
            assertThat(expired.endsAt()).isEqualTo(clock.instant());
            assertThat(expired.state(clock.instant())).isEqualTo(Silence.State.EXPIRED);
        });
        clock.advance(TTL);
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).isEmpty();
        assertThat(store.find(silence.id())).hasValueSatisfying(kept -> assertThat(kept.endsAt()).isBefore(clock.instant()));
    }

    @Test
    void ofSeveralTheOneEndingLastWinsThenTheSmallestId() {
        Instant now = clock.instant();
        Silence shorter = new Silence("b", Matchers.everything(), now, now.plusSeconds(60), "t", "x", now);
        Silence longerB = new Silence("d", customer("14911"), now, now.plusSeconds(120), "t", "x", now);
        Silence longerA = new Silence("c", new Matchers(null, null, "149", false), now, now.plusSeconds(120), "t", "x", now);
        Silence other = new Silence("a", customer("99999"), now, now.plusSeconds(600), "t", "x", now);
        for (Silence s : List.of(shorter, longerB, longerA, other)) {
            store.create(s);
        }
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).contains(longerA);
        assertThat(active.silencing("ORDER_FLOOD", null)).contains(shorter);
        assertThat(active.silencing("CUSTOMER_FLOOD", "99999")).contains(other);
    }

    @Test
    void anItemThatIsNotASilenceDoesNotHideTheOthers() {
        Silence silence = create(customer("14911"), Duration.ZERO, Duration.ofHours(1));
        dynamo.putItem(p -> p.tableName(table).item(Map.of(SilenceStore.PARTITION_KEY, AttributeValue.fromS("broken"),
                "All", AttributeValue.fromBool(true))));
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).contains(silence);
        assertThat(active.silencing("ORDER_FLOOD", null)).isEmpty();
    }

    @Test
    void withDynamoDbDownTheLastListIsKeptAndNoAlarmWaits() {
        Silence silence = create(customer("14911"), Duration.ZERO, Duration.ofHours(1));
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).contains(silence);
        int port = dynalite.port();
        dynalite.close();
        try {
            clock.advance(TTL);
            long begin = System.nanoTime();
            Optional<Silence> during = active.silencing("CUSTOMER_FLOOD", "14911");
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            assertThat(during).contains(silence);
            assertThat(took).isLessThan(READ_TIMEOUT.plusMillis(500));
            assertThat(warnings).singleElement().satisfies(w ->
                    assertThat(w.getMessage()).contains("cannot be read"));

            // the failed read is not tried again on every alarm, only once the TTL has passed again
            begin = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).contains(silence);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(200));
            assertThat(warnings).hasSize(1);
            clock.advance(TTL);
            assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).contains(silence);
            assertThat(warnings).hasSize(2);
        } finally {
            dynalite = Dynalite.start(port); // empty, for the tests after this one
            // its first answers are slow (and the client's pooled connections point at the old process): warm it up
            // without the 1 s read timeout, so that the next test's first read is not the one that pays for it
            dynamo.listTables();
        }
        // back: the table (of the fresh emulator) holds nothing, and the next read says so
        LocalTables.createTable(dynamo, table, SilenceStore.PARTITION_KEY, null);
        clock.advance(TTL);
        assertThat(active.silencing("CUSTOMER_FLOOD", "14911")).isEmpty();
    }

    @Test
    void withDynamoDbUnreachableFromTheStartNothingIsSilenced() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient nowhere = LocalAws.dynamo("http://127.0.0.1:" + closedPort)) {
            ActiveSilences unreachable = new ActiveSilences(new SilenceStore(nowhere, table, Duration.ofDays(30)),
                    TTL, READ_TIMEOUT, clock);
            assertThat(unreachable.silencing("ORDER_FLOOD", null)).isEmpty();
            assertThat(warnings).singleElement().satisfies(w -> assertThat(w.getMessage()).contains("never read"));
        }
    }

    @Test
    void aMissingTableIsAFailedReadToo() {
        ActiveSilences missing = new ActiveSilences(new SilenceStore(dynamo, "NoSuchTable", Duration.ofDays(30)),
                TTL, READ_TIMEOUT, clock);
        assertThat(missing.silencing("ORDER_FLOOD", null)).isEmpty();
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.getMessage()).contains("never read"));
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
