package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.Alarm;
import dev.sitewatch.kda.model.AlarmType;
import dev.sitewatch.kda.model.Contributor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact contract the alarm-notifier reads. */
class AlarmJsonTest {

    private static final long END = Instant.parse("2026-11-25T14:03:12.345Z").toEpochMilli();

    @Test
    void writesTheContractForASiteWideAlarm() {
        Alarm alarm = new Alarm("ORDER_FLOOD-" + END + "-0123456789abcdef01234567",
                "ORDER_FLOOD-1795615000000-fedcba9876543210fedcba98", AlarmType.ORDER_FLOOD, null,
                END - 15_000, END, END + 25_000, 15, 42, 30,
                new Contributor[]{new Contributor("17850", 12), new Contributor("12583", 3)},
                new Contributor[]{new Contributor("United Kingdom", 30)},
                new Contributor[]{new Contributor("85123A", 5)});

        assertThat(new String(new AlarmJson().serialize(alarm), StandardCharsets.UTF_8)).isEqualTo(
                "{\"alarmId\":\"ORDER_FLOOD-" + END + "-0123456789abcdef01234567\","
                        + "\"floodId\":\"ORDER_FLOOD-1795615000000-fedcba9876543210fedcba98\",\"type\":\"ORDER_FLOOD\","
                        + "\"key\":null,\"windowStart\":\"2026-11-25T14:02:57.345Z\","
                        + "\"windowEnd\":\"2026-11-25T14:03:12.345Z\",\"raisedAt\":\"2026-11-25T14:03:37.345Z\","
                        + "\"windowSeconds\":15,\"orderCount\":42,"
                        + "\"threshold\":30,\"topCustomers\":[{\"key\":\"17850\",\"count\":12},"
                        + "{\"key\":\"12583\",\"count\":3}],\"topCountries\":[{\"key\":\"United Kingdom\",\"count\":30}],"
                        + "\"topStockCodes\":[{\"key\":\"85123A\",\"count\":5}]}");
        assertThat(new AlarmPartitionKey().apply(alarm)).isEqualTo("ORDER_FLOOD");
    }

    @Test
    void writesWholeSecondsWithMillisAndTheKeyOfAPerKeyAlarm() {
        long end = Instant.parse("2026-11-25T14:03:12Z").toEpochMilli();
        Alarm alarm = new Alarm("x", "x", AlarmType.CUSTOMER_FLOOD, "17850", end - 15_000, end, end, 15, 20, 20,
                new Contributor[]{new Contributor("17850", 20)}, new Contributor[0], new Contributor[0]);

        String json = new String(new AlarmJson().serialize(alarm), StandardCharsets.UTF_8);
        assertThat(json).contains("\"alarmId\":\"x\",\"floodId\":\"x\",", "\"key\":\"17850\"",
                "\"windowEnd\":\"2026-11-25T14:03:12.000Z\"", "\"topCountries\":[]");
        assertThat(new AlarmPartitionKey().apply(alarm)).isEqualTo("CUSTOMER_FLOOD:17850");
    }
}
