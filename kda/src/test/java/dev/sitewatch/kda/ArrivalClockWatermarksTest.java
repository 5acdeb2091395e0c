package dev.sitewatch.kda;

import dev.sitewatch.kda.ArrivalClockWatermarks.Settings;
import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.sitewatch.kda.Fixtures.SECOND;
import static dev.sitewatch.kda.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** One shard's watermarks, on a clock the test moves: lag 500 ms, caught up within 5 s, idle after 5 s. */
class ArrivalClockWatermarksTest {

    private static final Settings SETTINGS = new Settings(0, 500, 5_000, 5_000);

    private final FakeClock clock = new FakeClock(T0);
    private final FakeOutput output = new FakeOutput();
    private ArrivalClockWatermarks watermarks = new ArrivalClockWatermarks(SETTINGS, clock, clock);

    @Test
    void aLiveShardFollowsTheWallClockMinusTheLagAfterSilence() {
        read(T0, 40);
        emitAt(T0 + 40);
        assertThat(output.last()).as("records term first").isEqualTo(T0 - 1);

        emitAt(T0 + 600);
        assertThat(output.last()).isEqualTo(T0 + 100);
        emitAt(T0 + 2 * SECOND);
        assertThat(output.last()).isEqualTo(T0 + 1_500);
        emitAt(T0 + 60 * SECOND);
        assertThat(output.last()).isEqualTo(T0 + 59_500);
        assertThat(output.idle).as("a live shard is never idle").isFalse();
    }

    @Test
    void whileRecordsComeTheirArrivalTimeLeadsWhenItIsAhead() {
        read(T0, 10);
        read(T0 + 300, 10);
        emitAt(T0 + 320);
        assertThat(output.last()).isEqualTo(T0 + 299);
    }

    @Test
    void aShardWhoseReadsLagMoreThanTheLagFollowsTheClockThatFarBehind() {
        // reads lag 800 ms: a watermark at now - 500 would make the next order late, and count it 300 ms off
        read(T0, 800);
        emitAt(T0 + 2 * SECOND);
        assertThat(output.last()).isEqualTo(T0 + 1_200);

        read(T0 + 1_300, 800); // the next order, read 800 ms after arriving: not behind the watermark
        assertThat(T0 + 1_300).isGreaterThan(output.last());
        emitAt(T0 + 2_200);
        emitAt(T0 + 3 * SECOND);
        assertThat(output.last()).isEqualTo(T0 + 2_200);

        read(T0 + 3_100, 50); // reads are quick again: back to the configured lag
        emitAt(T0 + 4 * SECOND);
        assertThat(output.last()).isEqualTo(T0 + 3_500);
    }

    @Test
    void theWatermarkNeverMovesBackwards() {
        read(T0, 40);
        emitAt(T0 + 10 * SECOND);
        assertThat(output.last()).isEqualTo(T0 + 9_500);

        // The shard falls behind: its next record was read 7 s after arriving, so no more wall-clock watermarks.
        read(T0 + 3 * SECOND, 7 * SECOND);
        emitAt(T0 + 10_100);
        emitAt(T0 + 11 * SECOND);

        assertThat(output.watermarks).isSorted();
        assertThat(output.last()).isEqualTo(T0 + 9_500);
    }

    @Test
    void aShardReadingOldRecordsGetsNoWallClockWatermarksAndGoesIdle() {
        read(T0, 60 * SECOND);
        read(T0 + 100, 60 * SECOND);
        long lastRead = T0 + 60_100;
        emitAt(lastRead);
        emitAt(lastRead + 4_999);

        assertThat(output.watermarks).containsOnly(T0 + 99);
        assertThat(output.idle).isFalse();

        emitAt(lastRead + 5 * SECOND);
        assertThat(output.idle).isTrue();
        int emitted = output.watermarks.size();
        emitAt(lastRead + 60 * SECOND);
        assertThat(output.idle).isTrue();
        assertThat(output.watermarks).as("nothing that would mark it active").hasSize(emitted);
    }

    @Test
    void caughtUpMeansReadWithinCaughtUpMsOfArriving() {
        read(T0, 5 * SECOND);
        emitAt(T0 + 8 * SECOND);
        assertThat(output.last()).as("read 5 s after arriving: live, 5 s behind the clock").isEqualTo(T0 + 3_000);

        watermarks = new ArrivalClockWatermarks(SETTINGS, clock, clock);
        output.watermarks.clear();
        read(T0 + 10 * SECOND, 5_001);
        emitAt(T0 + 18 * SECOND);
        assertThat(output.last()).as("read 5.001 s after arriving: behind").isEqualTo(T0 + 9_999);
    }

    @Test
    void aShardThatNeverSawARecordGoesIdleAfterTheTimeout() {
        emitAt(T0 + 100);
        emitAt(T0 + 4_999);
        assertThat(output.watermarks).isEmpty();
        assertThat(output.idle).isFalse();

        emitAt(T0 + 5 * SECOND);
        assertThat(output.watermarks).isEmpty();
        assertThat(output.idle).isTrue();
    }

    @Test
    void aRecordAfterIdlenessMakesTheShardActiveAgain() {
        emitAt(T0 + 5 * SECOND);
        assertThat(output.idle).isTrue();

        read(T0 + 6 * SECOND, 20);
        emitAt(T0 + 6_100);
        assertThat(output.idle).isFalse();
        assertThat(output.last()).isEqualTo(T0 + 5_999);

        // ...also when that record is old: it is a backlog, watermarked by its arrival time only.
        FakeOutput behind = new FakeOutput();
        watermarks = new ArrivalClockWatermarks(SETTINGS, clock, clock);
        watermarks.onPeriodicEmit(behind);
        clock.set(T0 + 12 * SECOND);
        watermarks.onPeriodicEmit(behind);
        assertThat(behind.idle).isTrue();
        watermarks.onEvent(new RawRecord("{}", T0, "shardId-000000000001/1"), T0, behind);
        watermarks.onPeriodicEmit(behind);
        assertThat(behind.idle).isFalse();
        assertThat(behind.last()).isEqualTo(T0 - 1);
    }

    @Test
    void outOfOrdernessHoldsBackTheRecordsTermNotTheWallClock() {
        watermarks = new ArrivalClockWatermarks(new Settings(200, 500, 5_000, 5_000), clock, clock);
        read(T0, 10);
        emitAt(T0 + 10);
        assertThat(output.last()).isEqualTo(T0 - 201);
        emitAt(T0 + SECOND);
        assertThat(output.last()).isEqualTo(T0 + 500);
    }

    /** The shard's newest record arrived at {@code arrivalTime} and is read {@code readDelay} ms later. */
    private void read(long arrivalTime, long readDelay) {
        clock.set(arrivalTime + readDelay);
        watermarks.onEvent(new RawRecord("{}", arrivalTime, "shardId-000000000000/1"), arrivalTime, output);
    }

    private void emitAt(long wallClock) {
        clock.set(wallClock);
        watermarks.onPeriodicEmit(output);
    }

    /** What the source's per-split output keeps: the watermarks, and emitting one ends idleness. */
    private static final class FakeOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        long last() {
            assertThat(watermarks).as("watermarks emitted").isNotEmpty();
            return watermarks.get(watermarks.size() - 1);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    /** Wall clock and input activity clock in one, moved only by the test. */
    private static final class FakeClock extends Clock implements RelativeClock {
        private long millis;

        FakeClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            assertThat(millis).as("the test moves time forwards").isGreaterThanOrEqualTo(this.millis);
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long relativeTimeMillis() {
            return millis;
        }

        @Override
        public long relativeTimeNanos() {
            return millis * 1_000_000;
        }
    }
}
