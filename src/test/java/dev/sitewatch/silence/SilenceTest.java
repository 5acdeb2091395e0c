package dev.sitewatch.silence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Which alarms a silence mutes, and when. */
class SilenceTest {

    static final Instant START = Instant.parse("2026-11-27T08:00:00Z");
    static final Instant END = Instant.parse("2026-11-27T20:00:00Z");

    private static Silence silence(Matchers matchers) {
        return new Silence("id", matchers, START, END, "why", "someone", START);
    }

    @Test
    void allMatchesEveryAlarmWithOrWithoutKey() {
        Silence all = silence(Matchers.everything());
        assertThat(all.matches("ORDER_FLOOD", null)).isTrue();
        assertThat(all.matches("CUSTOMER_FLOOD", "14911")).isTrue();
    }

    @Test
    void everyMatcherThatIsSetMustHold() {
        Silence customer = silence(new Matchers("CUSTOMER_FLOOD", "14911", null, false));
        assertThat(customer.matches("CUSTOMER_FLOOD", "14911")).isTrue();
        assertThat(customer.matches("CUSTOMER_FLOOD", "14912")).isFalse();
        assertThat(customer.matches("CUSTOMER_FLOOD", "149110")).isFalse();
        assertThat(customer.matches("ORDER_FLOOD", "14911")).isFalse();
        assertThat(customer.matches("CUSTOMER_FLOOD", null)).isFalse();

        Silence type = silence(new Matchers("ORDER_FLOOD", null, null, false));
        assertThat(type.matches("ORDER_FLOOD", null)).isTrue();
        assertThat(type.matches("CUSTOMER_FLOOD", "14911")).isFalse();
    }

    @Test
    void aKeyMatcherNeverMatchesAnAlarmWithoutKey() {
        assertThat(silence(new Matchers(null, "14911", null, false)).matches("ORDER_FLOOD", null)).isFalse();
        assertThat(silence(new Matchers(null, null, "", false)).matches("ORDER_FLOOD", null)).isFalse();
        Silence prefix = silence(new Matchers(null, null, "149", false));
        assertThat(prefix.matches("ORDER_FLOOD", null)).isFalse();
        assertThat(prefix.matches("CUSTOMER_FLOOD", "14911")).isTrue();
        assertThat(prefix.matches("CUSTOMER_FLOOD", "149")).isTrue();
        assertThat(prefix.matches("CUSTOMER_FLOOD", "1491")).isTrue();
        assertThat(prefix.matches("CUSTOMER_FLOOD", "14")).isFalse();
        assertThat(prefix.matches("CUSTOMER_FLOOD", "21491")).isFalse();
    }

    @Test
    void emptyMatchersWithoutAllMatchNothing() {
        // the API refuses them; an item written by hand must not mute every alarm
        Silence empty = silence(new Matchers(null, null, null, false));
        assertThat(empty.matches("ORDER_FLOOD", null)).isFalse();
        assertThat(empty.matches("CUSTOMER_FLOOD", "14911")).isFalse();
    }

    @Test
    void stateIsPendingActiveExpiredWithAHalfOpenRange() {
        Silence s = silence(Matchers.everything());
        assertThat(s.state(START.minusMillis(1))).isEqualTo(Silence.State.PENDING);
        assertThat(s.state(START)).isEqualTo(Silence.State.ACTIVE);
        assertThat(s.state(END.minusMillis(1))).isEqualTo(Silence.State.ACTIVE);
        assertThat(s.state(END)).isEqualTo(Silence.State.EXPIRED);
        assertThat(s.isActive(END)).isFalse();
    }

    @Test
    void aSilenceExpiredBeforeItStartedIsExpired() {
        // planned for END onwards, called off at START: its end is then START
        Silence cancelled = new Silence("id", Matchers.everything(), END, START, "planned, then called off", "x", START);
        assertThat(cancelled.state(START.minusSeconds(60))).isEqualTo(Silence.State.PENDING);
        assertThat(cancelled.state(START)).isEqualTo(Silence.State.EXPIRED);
        assertThat(cancelled.state(END)).isEqualTo(Silence.State.EXPIRED);
        assertThat(cancelled.state(END.plusSeconds(60))).isEqualTo(Silence.State.EXPIRED);
    }

    @Test
    void overlapIsOfHalfOpenRanges() {
        Silence s = silence(Matchers.everything());
        assertThat(s.overlaps(END, END.plusSeconds(60))).isFalse();
        assertThat(s.overlaps(START.minusSeconds(60), START)).isFalse();
        assertThat(s.overlaps(END.minusMillis(1), END.plusSeconds(60))).isTrue();
        assertThat(s.overlaps(START.minusSeconds(60), START.plusMillis(1))).isTrue();
        assertThat(s.overlaps(START.plusSeconds(60), END.minusSeconds(60))).isTrue();
    }
}
