package dev.sitewatch.kda.io;

import dev.sitewatch.kda.detect.AlarmIds;
import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.AlarmType;
import dev.sitewatch.kda.model.Contributor;
import dev.sitewatch.kda.model.FloodEnd;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The resolved notice as the alarm-notifier reads it from {@code website-alarms}. */
class ResolvedJsonTest {

    private static final long START = Instant.parse("2026-11-25T14:03:12.345Z").toEpochMilli();
    private static final String FLOOD_ID = "ORDER_FLOOD-" + START + "-0123456789abcdef01234567";

    @Test
    void writesTheContractForASiteWideFlood() {
        FloodEnd end = new FloodEnd(AlarmType.ORDER_FLOOD, null, FLOOD_ID, START, START + 241_655, 83,
                START + 61_000, 5, 36, 0, 30, 15);

        assertThat(new String(new ResolvedJson().serialize(end), StandardCharsets.UTF_8)).isEqualTo(
                "{\"resolved\":true,\"alarmId\":\"RESOLVED-" + FLOOD_ID + "\",\"floodId\":\"" + FLOOD_ID + "\","
                        + "\"type\":\"ORDER_FLOOD\",\"key\":null,\"startedAt\":\"2026-11-25T14:03:12.345Z\","
                        + "\"endedAt\":\"2026-11-25T14:07:14.000Z\",\"peakCount\":83,"
                        + "\"peakAt\":\"2026-11-25T14:04:13.345Z\",\"alarms\":5,\"lastCount\":36,\"endCount\":0,"
                        + "\"threshold\":30,\"windowSeconds\":15}");
        assertThat(new ResolvedPartitionKey().apply(end)).isEqualTo("ORDER_FLOOD");
    }

    @Test
    void aCustomerFloodsNoticeCarriesTheKeyAndGoesWhereItsAlarmsWent() {
        String floodId = "CUSTOMER_FLOOD-" + START + "-0123456789abcdef01234567";
        FloodEnd end = new FloodEnd(AlarmType.CUSTOMER_FLOOD, "17850", floodId, START, START + 30_000, 20, START,
                1, 20, 3, 20, 15);
        Alarm alarm = new Alarm(floodId, floodId, AlarmType.CUSTOMER_FLOOD, "17850", START - 15_000, START, START, 15, 20,
                20, new Contributor[]{new Contributor("17850", 20)}, new Contributor[0], new Contributor[0]);

        assertThat(new String(new ResolvedJson().serialize(end), StandardCharsets.UTF_8))
                .contains("\"key\":\"17850\"", "\"endCount\":3", "\"threshold\":20");
        assertThat(new ResolvedPartitionKey().apply(end)).isEqualTo("CUSTOMER_FLOOD:17850")
                .isEqualTo(new AlarmPartitionKey().apply(alarm));
    }

    @Test
    void theNoticesIdFitsTheAlarmIdContractForEveryTypeUntilTheYear10000() {
        long last = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        for (AlarmType type : AlarmType.values()) {
            String firstAlarmId = AlarmIds.of(type, "17850", last, Integer.MAX_VALUE, Integer.MAX_VALUE, 3600);
            assertThat(firstAlarmId).as(type.name()).hasSizeLessThanOrEqualTo(55);
            assertThat(ResolvedJson.alarmId(firstAlarmId)).as(type.name())
                    .hasSizeLessThanOrEqualTo(64).matches("[A-Za-z0-9_-]+");
        }
    }
}
