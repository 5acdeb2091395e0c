package dev.sitewatch.kda.io;

import dev.sitewatch.kda.model.AlarmType;
import dev.sitewatch.kda.model.FloodEnd;
import org.junit.jupiter.api.Test;

import static dev.sitewatch.kda.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class FloodEndLogTest {

    @Test
    void describesTheFloodInOneLineAndPassesItOn() {
        FloodEnd end = new FloodEnd(AlarmType.ORDER_FLOOD, null, "ORDER_FLOOD-1-abc", T0 + 2_900, T0 + 56_000, 40,
                T0 + 28_900, 1, 30, 0, 30, 15);
        assertThat(FloodEndLog.describe(end))
                .isEqualTo("Flood ORDER_FLOOD over: from 2026-11-25T14:00:02.900Z to 2026-11-25T14:00:56Z, peak 40"
                        + " at 2026-11-25T14:00:28.900Z, 1 alarm, last 30, at the end 0 (threshold 30 in 15 s),"
                        + " flood ORDER_FLOOD-1-abc");
        assertThat(FloodEndLog.describe(new FloodEnd(AlarmType.CUSTOMER_FLOOD, "17850", "CUSTOMER_FLOOD-2-def", T0,
                T0 + 60_000, 25, T0 + 100, 3, 22, 4, 20, 15)))
                .startsWith("Flood CUSTOMER_FLOOD 17850 over: ")
                .contains(", 3 alarms, last 22, at the end 4 (threshold 20 in 15 s), flood CUSTOMER_FLOOD-2-def");
        assertThat(new FloodEndLog().map(end)).isSameAs(end);
    }
}
