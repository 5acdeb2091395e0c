package dev.sitewatch.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sitewatch.kinesis.Decoded;

/**
 * A site check's alarm and resolved event as the prober puts them on the stream, read by the notifier's parser and
 * worded for people: the SMS names the check and the reason, stays one plain-ASCII GSM segment, and carries the date.
 */
class SiteAlarmMessageTest {

    private final AlarmParser parser = new AlarmParser(new ObjectMapper());

    private AlarmEvent parse(String json) {
        Decoded<AlarmEvent> decoded = parser.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).isInstanceOf(Decoded.Ok.class);
        return ((Decoded.Ok<AlarmEvent>) decoded).value();
    }

    static String down(String name, String detail) {
        return """
                {"alarmId":"SITE_DOWN-0123456789abcdef-1796010000000","floodId":"SITE_DOWN-0123456789abcdef-1796010000000",\
                "type":"SITE_DOWN","key":"0123456789abcdef","windowStart":"2026-11-25T14:02:12Z",\
                "windowEnd":"2026-11-25T14:03:12Z","raisedAt":"2026-11-25T14:03:13Z","windowSeconds":60,"orderCount":0,\
                "threshold":2,"site":{"checkId":"0123456789abcdef","name":"%s","url":"https://shop.example.com/checkout",\
                "reason":"STATUS","detail":"%s"}}""".formatted(name, detail);
    }

    @Test
    void aSiteDownSmsNamesTheCheckItsHostTheReasonAndTheDate() {
        Alarm alarm = (Alarm) parse(down("Checkout", "HTTP 500, expected 200-299 (2 rounds failed)"));
        AlarmMessage.Message message = AlarmMessage.of(alarm, "critical");

        assertThat(alarm.site().checkId()).isEqualTo("0123456789abcdef");
        assertThat(message.sms()).isEqualTo("Sitewatch: Checkout (shop.example.com) DOWN since 2026-11-25 14:02:12 UTC"
                + " - HTTP 500, expected 200-299 (2 rounds failed)");
        assertThat(message.subject()).isEqualTo("Sitewatch critical: Checkout down - STATUS");
        assertThat(message.email()).contains("URL:        https://shop.example.com/checkout")
                .contains("Alarm id:   SITE_DOWN-0123456789abcdef-1796010000000");
    }

    @Test
    void aLongOrNonAsciiNameStillGivesOneGsmSegment() {
        Alarm alarm = (Alarm) parse(down("Kasse \u2013 Zahlung " + "x".repeat(120), "no answer within 10000 ms"));
        String sms = AlarmMessage.of(alarm, "critical").sms();

        assertThat(sms.length()).isLessThanOrEqualTo(AlarmMessage.SMS_LIMIT);
        assertThat(sms.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(sms).startsWith("Sitewatch: Kasse ? Zahlung xxx");
    }

    @Test
    void theEndOfAnOutageSaysHowLongTheSiteWasDown() {
        Resolved resolved = (Resolved) parse("""
                {"resolved":true,"alarmId":"RESOLVED-SITE_DOWN-0123456789abcdef-1796010000000",\
                "floodId":"SITE_DOWN-0123456789abcdef-1796010000000","type":"SITE_DOWN","key":"0123456789abcdef",\
                "startedAt":"2026-11-25T14:02:12Z","endedAt":"2026-11-25T14:09:12Z","peakCount":0,\
                "peakAt":"2026-11-25T14:02:12Z","alarms":1,"lastCount":0,"endCount":0,"threshold":2,"windowSeconds":420,\
                "site":{"checkId":"0123456789abcdef","name":"Checkout","url":"https://shop.example.com/checkout",\
                "reason":"STATUS","detail":"HTTP 500, expected 200-299"}}""");
        AlarmMessage.Message message = AlarmMessage.of(resolved);

        assertThat(message.sms()).isEqualTo("Sitewatch: Checkout (shop.example.com) site back up after 7 min - down "
                + "since 2026-11-25 14:02:12 UTC (HTTP 500, expected 200-299)");
        assertThat(message.severity()).isEqualTo("resolved");
    }

    @Test
    void aSiteObjectWithoutItsCheckIsRejected() {
        String broken = down("Checkout", "x").replace("\"checkId\":\"0123456789abcdef\",", "");
        assertThat(parser.parse(broken.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Decoded.Rejected.class);
        assertThat(parser.parse(down("Checkout", "x").replace("\"site\":{", "\"site\":[{").replace("}}", "}]}")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(Decoded.Rejected.class);
    }
}
