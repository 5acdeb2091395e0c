package dev.sitewatch.alarm;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The words for a site check's alarms and their ends, by the same rules as {@link AlarmMessage}: the SMS is one
 * GSM-7 segment of plain ASCII that names the check, its host and the reason, and carries the date:
 * {@code Sitewatch: Checkout (shop.example.com) DOWN since 2026-11-25 14:02:12 UTC - HTTP 500, expected 200-299};
 * {@code Sitewatch: Checkout (shop.example.com) site back up after 7 min - down since 2026-11-25 14:02:12 UTC
 * (HTTP 500, expected 200-299)}.
 */
final class SiteAlarmMessage {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int NAME_IN_SMS = 40;
    private static final int HOST_IN_SMS = 40;

    private SiteAlarmMessage() {
    }

    static AlarmMessage.Message of(Alarm alarm, String severity) {
        SiteCheck site = alarm.site();
        String detail = detail(site);
        String sms = switch (alarm.type()) {
            case SiteCheck.SITE_DOWN -> who(site) + " DOWN since " + time(alarm.windowStart()) + " - " + detail;
            case SiteCheck.SITE_SLOW -> who(site) + " SLOW at " + time(alarm.windowEnd()) + " - " + detail;
            case SiteCheck.CERT_EXPIRING -> who(site) + " certificate - " + detail;
            default -> who(site) + " " + ascii(alarm.type(), 32) + " at " + time(alarm.windowEnd()) + " - " + detail;
        };
        sms = limit("Sitewatch: " + sms, AlarmMessage.SMS_LIMIT);
        String what = switch (alarm.type()) {
            case SiteCheck.SITE_DOWN -> "down";
            case SiteCheck.SITE_SLOW -> "slow";
            case SiteCheck.CERT_EXPIRING -> "certificate expiring";
            default -> ascii(alarm.type(), 32);
        };
        String subject = limit("Sitewatch " + severity + ": " + ascii(site.name(), 60) + " " + what + " - "
                + ascii(site.reason(), 30), AlarmMessage.SUBJECT_LIMIT);
        String email = sms + "\n\n"
                + "Severity:   " + severity + '\n'
                + "Check:      " + site.name() + " (" + site.checkId() + ")\n"
                + "URL:        " + site.url() + '\n'
                + "Reason:     " + site.reason() + (site.detail() == null ? "" : ": " + site.detail()) + '\n'
                + "Since:      " + time(alarm.windowStart()) + '\n'
                + "Detected:   " + time(alarm.windowEnd()) + '\n'
                + (alarm.raisedAt() == null ? "" : "Raised:     " + time(alarm.raisedAt()) + '\n')
                + "\nAlarm id:   " + alarm.alarmId() + '\n';
        return new AlarmMessage.Message(alarm.alarmId(), alarm.type(), severity, subject, sms, email);
    }

    static AlarmMessage.Message of(Resolved resolved) {
        SiteCheck site = resolved.site();
        String lasted = AlarmMessage.duration(resolved.duration());
        String sms = switch (resolved.type()) {
            case SiteCheck.SITE_DOWN -> who(site) + " site back up after " + lasted + " - down since "
                    + time(resolved.startedAt()) + " (" + detail(site) + ")";
            case SiteCheck.SITE_SLOW -> who(site) + " fast again after " + lasted + " at " + time(resolved.endedAt())
                    + " - " + detail(site);
            case SiteCheck.CERT_EXPIRING -> who(site) + " certificate renewed at " + time(resolved.endedAt()) + " - "
                    + detail(site);
            default -> who(site) + " " + ascii(resolved.type(), 32) + " over after " + lasted + " at "
                    + time(resolved.endedAt());
        };
        sms = limit("Sitewatch: " + sms, AlarmMessage.SMS_LIMIT);
        String subject = limit("Sitewatch resolved: " + ascii(site.name(), 60) + " "
                + (SiteCheck.SITE_DOWN.equals(resolved.type()) ? "back up" : "ok") + " after " + lasted,
                AlarmMessage.SUBJECT_LIMIT);
        String email = sms + "\n\n"
                + "Check:      " + site.name() + " (" + site.checkId() + ")\n"
                + "URL:        " + site.url() + '\n'
                + "Episode:    " + resolved.type() + " from " + time(resolved.startedAt()) + " to "
                + time(resolved.endedAt()) + " (" + lasted + ")\n"
                + "Now:        " + (site.detail() == null ? site.reason() : site.detail()) + '\n'
                + "Alarm:      " + resolved.floodId() + '\n';
        return new AlarmMessage.Message(resolved.alarmId(), resolved.type(), "resolved", subject, sms, email);
    }

    private static String who(SiteCheck site) {
        String host = site.host();
        String name = ascii(site.name(), NAME_IN_SMS);
        return host.equalsIgnoreCase(site.name()) ? name : name + " (" + ascii(host, HOST_IN_SMS) + ")";
    }

    private static String detail(SiteCheck site) {
        return ascii(site.detail() == null ? site.reason() : site.detail(), AlarmMessage.SMS_LIMIT);
    }

    private static String time(Instant instant) {
        return DATE_TIME.format(instant) + " UTC";
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** Printable ASCII only: a name such as "Kasse – Zahlung" must not split the SMS into UCS-2 segments. */
    private static String ascii(String value, int max) {
        if (value == null) {
            return "?";
        }
        String clean = value.chars().map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
