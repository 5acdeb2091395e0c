package dev.sitewatch.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sitewatch.alarm.SiteCheck;

/**
 * The rules that turn rounds into alarms, applied round by round as the prober applies them. Results are made here;
 * ProbeClientTest and SiteProberTest get them from real faults.
 */
class CheckStateTest {

    static final Instant T0 = Instant.parse("2026-11-25T14:00:00Z");
    static final Check CHECK = Checks.get("00000000000000aa", "https://shop.example.com/checkout");

    static Instant round(int n) {
        return T0.plus(Duration.ofMinutes(n));
    }

    static RoundResult up(int n, int totalMs) {
        return new RoundResult(new ProbeResult(round(n), true, null, "HTTP 200", 200, 1, 1, 2, totalMs / 2, totalMs,
                null), null);
    }

    static RoundResult down(int n) {
        ProbeResult failed = new ProbeResult(round(n), false, ProbeResult.STATUS, "HTTP 500, expected 200-299", 500,
                1, 1, 2, 5, 6, null);
        return new RoundResult(failed, failed);
    }

    /** Applies the results in order from a new state; returns every event raised. */
    static List<SiteEvent> apply(Check check, List<RoundResult> results) {
        CheckState state = CheckState.NEW;
        List<SiteEvent> events = new ArrayList<>();
        int n = 0;
        for (RoundResult result : results) {
            CheckState.Transition t = state.next(check, result, round(n++), T0.plusSeconds(3600));
            events.addAll(t.events());
            state = t.state();
        }
        return events;
    }

    @Test
    void oneFailedRoundShortOfTheLimitRaisesNothing() {
        assertThat(apply(CHECK, List.of(up(0, 100), down(1), up(2, 100), down(3), up(4, 100)))).isEmpty();
    }

    @Test
    void consecutiveFailedRoundsRaiseExactlyOneSiteDownAndRecoveryEndsIt() {
        List<SiteEvent> events = apply(CHECK, List.of(up(0, 100), down(1), down(2), down(3), down(4), down(5),
                up(6, 100), up(7, 100)));

        assertThat(events).hasSize(2);
        SiteEvent.Alarm alarm = (SiteEvent.Alarm) events.get(0);
        assertThat(alarm.type()).isEqualTo(SiteCheck.SITE_DOWN);
        assertThat(alarm.alarmId()).isEqualTo("SITE_DOWN-00000000000000aa-" + round(1).toEpochMilli());
        assertThat(alarm.windowStart()).as("down since the first failed round").isEqualTo(round(1));
        assertThat(alarm.windowEnd()).as("declared on the second").isEqualTo(round(2));
        assertThat(alarm.site().reason()).isEqualTo(ProbeResult.STATUS);
        assertThat(alarm.site().detail()).isEqualTo("HTTP 500, expected 200-299 (2 rounds failed)");
        SiteEvent.Resolved resolved = (SiteEvent.Resolved) events.get(1);
        assertThat(resolved.alarmId()).isEqualTo("RESOLVED-" + alarm.alarmId());
        assertThat(resolved.endedAt()).isEqualTo(round(6));
        assertThat(Duration.between(resolved.episode().startedAt(), resolved.endedAt())).isEqualTo(Duration.ofMinutes(5));
        assertThat(resolved.alarmId().length()).isLessThanOrEqualTo(64);
    }

    @Test
    void aNewOutageIsANewEpisodeWithItsOwnId() {
        List<SiteEvent> events = apply(CHECK, List.of(down(0), down(1), up(2, 100), down(3), down(4), up(5, 100)));

        assertThat(events).extracting(SiteEvent::alarmId).containsExactly(
                "SITE_DOWN-00000000000000aa-" + round(0).toEpochMilli(),
                "RESOLVED-SITE_DOWN-00000000000000aa-" + round(0).toEpochMilli(),
                "SITE_DOWN-00000000000000aa-" + round(3).toEpochMilli(),
                "RESOLVED-SITE_DOWN-00000000000000aa-" + round(3).toEpochMilli());
    }

    @Test
    void theSameRoundAppliedToTheSameStateRaisesTheSameAlarm() {
        CheckState once = CheckState.NEW.next(CHECK, down(0), round(0), T0).state();
        CheckState.Transition first = once.next(CHECK, down(1), round(1), T0.plusSeconds(61));
        CheckState.Transition again = once.next(CHECK, down(1), round(1), T0.plusSeconds(95));

        assertThat(first.events()).extracting(SiteEvent::alarmId)
                .containsExactlyElementsOf(again.events().stream().map(SiteEvent::alarmId).toList());
        assertThat(first.state().due(CHECK, round(1))).as("a round is applied once").isFalse();
        assertThat(first.state().due(CHECK, round(2))).isTrue();
    }

    @Test
    void slowWhenTheP95OfTheLastRoundsCrossesTheThresholdAndFastAgainWhenItFalls() {
        // slowRounds 5: the p95 (nearest rank) of 5 samples is the slowest; threshold 1000 ms
        List<RoundResult> rounds = new ArrayList<>();
        for (int ms : new int[] {100, 120, 110, 900, 130, /* first full window: p95 900 */ 1500,
                /* p95 1500 > 1000: SLOW */ 1600, 140, 150, 120, 130, 110, /* the slow ones left the window */}) {
            rounds.add(up(rounds.size(), ms));
        }
        List<SiteEvent> events = apply(CHECK, rounds);

        assertThat(events).hasSize(2);
        SiteEvent.Alarm slow = (SiteEvent.Alarm) events.get(0);
        assertThat(slow.type()).isEqualTo(SiteCheck.SITE_SLOW);
        assertThat(slow.windowEnd()).isEqualTo(round(5));
        assertThat(slow.site().detail()).isEqualTo("p95 1500 ms over the last 5 rounds (threshold 1000 ms)");
        SiteEvent.Resolved fast = (SiteEvent.Resolved) events.get(1);
        assertThat(fast.endedAt()).as("the round the 1600 ms sample left the window").isEqualTo(round(11));
        assertThat(fast.site().detail()).isEqualTo("p95 150 ms over the last 5 rounds (threshold 1000 ms)");
    }

    @Test
    void theFirstRoundOfAFreshProberIsNoSlownessSample() {
        // its probes paid for the prober's own class loading and TLS set-up: 5 s here would be a false SITE_SLOW
        CheckState cold = CheckState.NEW.next(CHECK, up(0, 5_000), round(0), T0, false).state();
        assertThat(cold.samples()).isEmpty();
        assertThat(cold.lastOkAt()).as("still a round that was up").isEqualTo(round(0));
        List<SiteEvent> events = new ArrayList<>();
        CheckState state = cold;
        for (int n = 1; n <= 5; n++) {
            CheckState.Transition t = state.next(CHECK, up(n, 100), round(n), T0);
            events.addAll(t.events());
            state = t.state();
        }
        assertThat(events).isEmpty();
        assertThat(state.samples()).hasSize(5);
    }

    @Test
    void failedRoundsAddNoSlowSamples() {
        assertThat(apply(CHECK, List.of(up(0, 100), up(1, 100), up(2, 100), up(3, 100), down(4), up(5, 100))))
                .isEmpty();
    }

    @Test
    void aCertificateEndingWithinTheWarningDaysRaisesOneAlarmUntilItIsRenewed() {
        Instant soon = round(0).plus(Duration.ofDays(5));
        Instant renewed = round(0).plus(Duration.ofDays(90));
        List<SiteEvent> events = apply(CHECK, List.of(cert(0, soon), cert(1, soon), cert(2, soon), cert(3, renewed)));

        assertThat(events).hasSize(2);
        SiteEvent.Alarm alarm = (SiteEvent.Alarm) events.get(0);
        assertThat(alarm.type()).isEqualTo(SiteCheck.CERT_EXPIRING);
        assertThat(alarm.alarmId()).isEqualTo("CERT_EXPIRING-00000000000000aa-" + soon.toEpochMilli());
        assertThat(alarm.site().detail()).isEqualTo("expires 2026-11-30 14:00 UTC, in 5 days (alarm at 14)");
        assertThat(events.get(1).alarmId()).isEqualTo("RESOLVED-" + alarm.alarmId());
        assertThat(events.get(1).site().detail()).isEqualTo("valid until 2027-02-23 14:00 UTC");
    }

    static RoundResult cert(int n, Instant notAfter) {
        return new RoundResult(new ProbeResult(round(n), true, null, "HTTP 200", 200, 1, 1, 2, 3, 4, notAfter), null);
    }

    @Test
    void p95IsTheNearestRank() {
        List<CheckState.Sample> twenty = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            twenty.add(new CheckState.Sample(T0, i * 10));
        }
        assertThat(CheckState.p95(twenty)).isEqualTo(190);
        assertThat(CheckState.p95(twenty.subList(0, 10))).isEqualTo(100);
    }
}
