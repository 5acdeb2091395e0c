package dev.sitewatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/**
 * How {@link AggregateSql} cuts a range into hours or half hours, 15-minute slots and history edges, per zone, and
 * which zones it leaves to the history alone.
 */
class AlarmAggregateLevelsTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final long HOUR = AggregateSql.HOUR_SECONDS;

    private static Params.TimeRange range(String from, String to) {
        return new Params.TimeRange(Instant.parse(from), Instant.parse(to));
    }

    @Test
    void hoursInsideSlotsInsideTheRange() {
        var levels = AggregateSql.Levels.of(Bucket.HOUR, range("2033-05-10T10:20:00Z", "2033-05-10T13:40:00Z"), UTC);
        assertThat(levels.slots()).isEqualTo(range("2033-05-10T10:30:00Z", "2033-05-10T13:30:00Z"));
        assertThat(levels.coarse()).isEqualTo(range("2033-05-10T11:00:00Z", "2033-05-10T13:00:00Z"));
    }

    @Test
    void aFractionOfASecondPastABoundaryStartsAtTheNextOne() {
        var levels = AggregateSql.Levels.of(Bucket.DAY, range("2033-05-10T11:00:00.001Z", "2033-05-10T14:00:00Z"), UTC);
        assertThat(levels.slots()).isEqualTo(range("2033-05-10T11:15:00Z", "2033-05-10T14:00:00Z"));
        assertThat(levels.coarse()).isEqualTo(range("2033-05-10T12:00:00Z", "2033-05-10T14:00:00Z"));
    }

    @Test
    void withoutWholeUnitsALevelIsEmptyAtTheEndOfTheOneAroundIt() {
        var noHour = AggregateSql.Levels.of(Bucket.HOUR, range("2033-05-10T10:20:00Z", "2033-05-10T11:40:00Z"), UTC);
        assertThat(noHour.slots()).isEqualTo(range("2033-05-10T10:30:00Z", "2033-05-10T11:30:00Z"));
        assertThat(noHour.coarse()).isEqualTo(range("2033-05-10T11:30:00Z", "2033-05-10T11:30:00Z"));
        var noSlot = AggregateSql.Levels.of(Bucket.HOUR, range("2033-05-10T10:20:00Z", "2033-05-10T10:40:00Z"), UTC);
        assertThat(noSlot.slots()).isEqualTo(range("2033-05-10T10:40:00Z", "2033-05-10T10:40:00Z"));
        assertThat(noSlot.coarse()).isEqualTo(noSlot.slots());
    }

    @Test
    void halfHourZonesReadHalfHoursQuarterHourZonesAndMinutesNeither() {
        var year = range("2033-01-01T00:00:00Z", "2034-01-01T00:00:00Z");
        var kolkata = AggregateSql.Levels.of(Bucket.DAY, year, ZoneId.of("Asia/Kolkata"));
        assertThat(kolkata.rollup()).isEqualTo(AggregateSql.Coarse.HALF_HOURS);
        assertThat(kolkata.coarse()).isEqualTo(year);
        var kathmandu = AggregateSql.Levels.of(Bucket.HOUR, year, ZoneId.of("Asia/Kathmandu"));
        assertThat(kathmandu.rollup()).isNull();
        assertThat(kathmandu.coarse()).isEqualTo(range("2034-01-01T00:00:00Z", "2034-01-01T00:00:00Z"));
        assertThat(AggregateSql.Levels.of(Bucket.MINUTE, year, UTC).coarse().from()).isEqualTo(year.to());
        var london = AggregateSql.Levels.of(Bucket.DAY, year, ZoneId.of("Europe/London"));
        assertThat(london.rollup()).isEqualTo(AggregateSql.Coarse.HOURS);
        assertThat(london.coarse()).isEqualTo(year);
    }

    @Test
    void halfHoursInsideSlots() {
        var levels = AggregateSql.Levels.of(Bucket.HOUR, range("2033-05-10T10:20:00Z", "2033-05-10T13:20:00Z"),
                ZoneId.of("Asia/Kolkata"));
        assertThat(levels.slots()).isEqualTo(range("2033-05-10T10:30:00Z", "2033-05-10T13:15:00Z"));
        assertThat(levels.coarse()).isEqualTo(range("2033-05-10T10:30:00Z", "2033-05-10T13:00:00Z"));
    }

    @Test
    void wholeHoursMeansEveryOffsetInTheRange() {
        assertThat(AggregateSql.onWhole(ZoneId.of("America/New_York"), range("2033-01-01T00:00:00Z", "2034-01-01T00:00:00Z"), HOUR))
                .isTrue();
        // Lord Howe Island moves its clocks by half an hour: +10:30 in winter, +11:00 in summer
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        assertThat(AggregateSql.onWhole(lordHowe, range("2033-01-01T00:00:00Z", "2033-02-01T00:00:00Z"), HOUR)).isTrue();
        assertThat(AggregateSql.onWhole(lordHowe, range("2033-01-01T00:00:00Z", "2034-01-01T00:00:00Z"), HOUR)).isFalse();
        assertThat(AggregateSql.onWhole(lordHowe, range("2033-01-01T00:00:00Z", "2034-01-01T00:00:00Z"), HOUR / 2)).isTrue();
        assertThat(AggregateSql.onWhole(ZoneId.of("Asia/Kathmandu"), range("2033-01-01T00:00:00Z", "2033-01-02T00:00:00Z"), HOUR / 2))
                .isFalse();
    }

    @Test
    void zonesOffTheQuarterHourGridReadEveryAlarmFromTheHistory() {
        var year = range("2033-01-01T00:00:00Z", "2034-01-01T00:00:00Z");
        for (String zone : new String[] {"+00:57", "-00:05:30"}) {
            assertThat(AggregateSql.Levels.of(Bucket.DAY, year, ZoneId.of(zone)).slots()).as(zone)
                    .isEqualTo(range("2034-01-01T00:00:00Z", "2034-01-01T00:00:00Z"));
            assertThat(AggregateSql.of(Bucket.DAY, year, null, ZoneId.of(zone), AggregateSql.BY_BUCKET, 1).sql()).as(zone)
                    .doesNotContain("alarm_rollup");
        }
        // the Chatham Islands (+12:45, +13:45 in summer, changing at 14:00Z) keep to the grid
        assertThat(AggregateSql.Levels.of(Bucket.DAY, year, ZoneId.of("Pacific/Chatham")).slots()).isEqualTo(year);
        // Liberia kept -00:44:30 until its clocks jumped to GMT at 1972-01-07T00:44:30Z
        ZoneId monrovia = ZoneId.of("Africa/Monrovia");
        assertThat(AggregateSql.Levels.of(Bucket.DAY, range("1971-12-01T00:00:00Z", "1972-02-01T00:00:00Z"), monrovia)
                .slots().from()).isEqualTo(Instant.parse("1972-02-01T00:00:00Z"));
        assertThat(AggregateSql.Levels.of(Bucket.DAY, range("1972-01-08T00:00:00Z", "1972-02-01T00:00:00Z"), monrovia)
                .rollup()).isEqualTo(AggregateSql.Coarse.HOURS);
    }
}
