package dev.sitewatch.kda;

import dev.sitewatch.kda.model.RawRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

import java.io.Serializable;
import java.time.Clock;

/**
 * The watermarks of one Kinesis shard (the source makes one generator per shard), whose event time is the records'
 * arrival time in Kinesis.
 *
 * <p>Arrival time is Kinesis's wall clock. While a shard is read live, a record is read at most {@code lag} after
 * it arrived, so at wall-clock time {@code now} nothing that arrived before {@code now - lag} is still to come: the
 * watermark may follow the wall clock although no record comes, and a flood's alarm, its throttled repeat and its
 * end come on time after the traffic stops. Without that, they would wait for the next record, without bound.
 *
 * <ul>
 *   <li>A shard is <b>live</b> when its newest record was read within {@code caughtUp} of arriving. Its watermark is
 *       {@code max(maxTs - 1, now - max(lag, newest read delay))}; it is never idle.</li>
 *   <li>Otherwise (a backlog being replayed, or no record yet) the watermark is {@code maxTs - 1}, and the shard is
 *       idle after {@code idleTimeout} without records, as Flink's {@code withIdleness} does. A backlog never gets
 *       wall-clock watermarks: they would make all of it late, counted in one instant, a false flood.</li>
 * </ul>
 *
 * <p>{@code maxTs} is the highest arrival time so far minus {@code maxOutOfOrderness}. The watermark never moves
 * backwards. Idleness is measured on Flink's input activity clock, which stands still while the shard is
 * back-pressured or paused, so a shard that is not read is not taken for one that has nothing to read.
 */
public final class ArrivalClockWatermarks implements WatermarkGenerator<RawRecord> {

    /** The rules' parameters, from {@link DetectorConfig}; serializable, as the strategy travels in the job graph. */
    public record Settings(long maxOutOfOrdernessMs, long lagMs, long caughtUpMs, long idleTimeoutMs)
            implements Serializable {

        public static Settings of(DetectorConfig config) {
            return new Settings(config.maxOutOfOrderness().toMillis(), config.watermarkLag().toMillis(),
                    config.caughtUp().toMillis(), config.idleTimeout().toMillis());
        }
    }

    private final Settings settings;
    private final Clock wallClock;
    private final RelativeClock activityClock;
    private final long idleTimeoutNanos;

    private boolean seen;
    private long maxTimestamp;
    private long newestReadDelay;
    private boolean recordsSinceLastEmit;
    private long quietSinceNanos;
    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    ArrivalClockWatermarks(Settings settings, Clock wallClock, RelativeClock activityClock) {
        this.settings = settings;
        this.wallClock = wallClock;
        this.activityClock = activityClock;
        this.idleTimeoutNanos = settings.idleTimeoutMs() * 1_000_000;
        this.quietSinceNanos = activityClock.relativeTimeNanos();
    }

    /** Arrival time as event time, watermarks by these rules, the wall clock read from {@code wallClock}. */
    public static WatermarkStrategy<RawRecord> strategy(Settings settings, Clock wallClock) {
        WatermarkGeneratorSupplier<RawRecord> perShard =
                context -> new ArrivalClockWatermarks(settings, wallClock, context.getInputActivityClock());
        return WatermarkStrategy.forGenerator(perShard).withTimestampAssigner(new ArrivalTime());
    }

    @Override
    public void onEvent(RawRecord record, long arrivalTime, WatermarkOutput output) {
        long candidate = arrivalTime - settings.maxOutOfOrdernessMs();
        maxTimestamp = seen ? Math.max(maxTimestamp, candidate) : candidate;
        newestReadDelay = wallClock.millis() - arrivalTime;
        seen = true;
        recordsSinceLastEmit = true;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long activityNow = activityClock.relativeTimeNanos();
        if (recordsSinceLastEmit) {
            quietSinceNanos = activityNow;
            recordsSinceLastEmit = false;
        }
        if (seen && newestReadDelay <= settings.caughtUpMs()) {
            // A shard whose reads lag more than the configured lag follows the clock that much further behind,
            // so its next orders are not counted late: the window stays exact, only the alarm comes later.
            emit(output, Math.max(maxTimestamp - 1, wallClock.millis() - Math.max(settings.lagMs(), newestReadDelay)));
        } else if (activityNow - quietSinceNanos >= idleTimeoutNanos) {
            if (!idle) {
                output.markIdle();
                idle = true;
            }
        } else if (seen) {
            emit(output, maxTimestamp - 1);
        }
    }

    private void emit(WatermarkOutput output, long watermark) {
        emitted = Math.max(emitted, watermark);
        // Emitting also marks the shard active again.
        output.emitWatermark(new Watermark(emitted));
        idle = false;
    }
}
