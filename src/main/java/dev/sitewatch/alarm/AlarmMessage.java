package dev.sitewatch.alarm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The words people read, for an alarm and for the end of its flood. The SMS fits one GSM-7 segment (160 characters,
 * plain ASCII: an em dash or an arrow would switch the whole SMS to UCS-2 and split it) and always carries the date,
 * because an SMS read later must not look like today's: {@code Sitewatch: 42 orders in 15 s at 2026-11-25 14:03:12
 * UTC (threshold 30)}. A throttled repeat reports the highest count since the previous alarm, reached up to a minute
 * before it was raised, so its SMS names both times, lest repeats 60 s apart with peaks 25 s apart look like a broken
 * throttle: {@code Sitewatch: still flooding at 2026-11-25 14:05:37 UTC - peak since last alarm: 83 orders in 15 s at
 * 14:05:12 (threshold 30)}. The e-mail adds the window and the top contributors under a subject of at most 100 ASCII
 * characters, as SNS requires.
 */
final class AlarmMessage {

    static final int SMS_LIMIT = 160;
    static final int SUBJECT_LIMIT = 100;
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int KEY_IN_SMS = 24;

    /** One message: per protocol, and the attributes subscription filter policies can select on. */
    record Message(String alarmId, String type, String severity, String subject, String sms, String email) {
    }

    private AlarmMessage() {
    }

    static Message of(Alarm alarm, String severity) {
        if (alarm.site() != null) {
            return SiteAlarmMessage.of(alarm, severity);
        }
        String sms = sms(alarm);
        return new Message(alarm.alarmId(), alarm.type(), severity, subject(alarm, severity), sms,
                email(alarm, sms, severity));
    }

    static Message of(Resolved resolved) {
        if (resolved.site() != null) {
            return SiteAlarmMessage.of(resolved);
        }
        String sms = limit("Sitewatch: " + who(resolved.type(), resolved.key()) + "flood over - "
                + resolved.lastCount() + "->" + resolved.endCount() + " orders/" + resolved.windowSeconds()
                + " s, lasted " + duration(resolved.duration()) + ", peak " + resolved.peakCount() + " at "
                + time(resolved.peakAt()) + ", " + resolved.alarms() + (resolved.alarms() == 1 ? " alarm" : " alarms"),
                SMS_LIMIT);
        String subject = limit("Sitewatch resolved: " + kind(resolved.type(), resolved.key()) + " over after "
                + duration(resolved.duration()), SUBJECT_LIMIT);
        String email = sms + "\n\n"
                + "Type:       " + resolved.type() + (resolved.key() == null ? "" : " (" + resolved.key() + ")") + '\n'
                + "Flood:      " + time(resolved.startedAt()) + " to " + time(resolved.endedAt()) + " ("
                + duration(resolved.duration()) + ")\n"
                + "Peak:       " + resolved.peakCount() + " orders in " + resolved.windowSeconds() + " s at "
                + time(resolved.peakAt()) + " (threshold " + resolved.threshold() + ")\n"
                + "Alarms:     " + resolved.alarms() + ", the first " + resolved.floodId() + '\n';
        return new Message(resolved.alarmId(), resolved.type(), "resolved", subject, sms, email);
    }

    static String sms(Alarm alarm) {
        String what = switch (alarm.type()) {
            case "ORDER_FLOOD" -> alarm.orderCount() + " orders";
            case "CUSTOMER_FLOOD" -> "customer " + ascii(alarm.key(), KEY_IN_SMS) + " placed " + alarm.orderCount() + " orders";
            default -> ascii(alarm.type(), 32) + (alarm.key() == null ? "" : " " + ascii(alarm.key(), KEY_IN_SMS))
                    + ": " + alarm.orderCount() + " orders";
        };
        if (alarm.isRepeat() && alarm.raisedAt() != null) {
            return limit("Sitewatch: still flooding at " + time(alarm.raisedAt()) + " - peak since last alarm: " + what
                    + " in " + alarm.windowSeconds() + " s at " + peakTime(alarm) + " (threshold " + alarm.threshold()
                    + ")", SMS_LIMIT);
        }
        return limit("Sitewatch: " + what + " in " + alarm.windowSeconds() + " s at " + time(alarm.windowEnd())
                + " (threshold " + alarm.threshold() + ")", SMS_LIMIT);
    }

    /** The peak's time of day, with its date only when that differs from the day the alarm was raised. */
    private static String peakTime(Alarm alarm) {
        String peak = DATE_TIME.format(alarm.windowEnd());
        return peak.regionMatches(0, DATE_TIME.format(alarm.raisedAt()), 0, 10) ? peak.substring(11) : peak;
    }

    private static String subject(Alarm alarm, String severity) {
        return limit("Sitewatch " + severity + ": " + kind(alarm.type(), alarm.key()) + ", " + alarm.orderCount()
                + " orders in " + alarm.windowSeconds() + " s", SUBJECT_LIMIT);
    }

    private static String email(Alarm alarm, String sms, String severity) {
        StringBuilder text = new StringBuilder()
                .append(sms).append("\n\n")
                .append("Severity:   ").append(severity).append('\n')
                .append("Type:       ").append(alarm.type()).append(alarm.key() == null ? "" : " (" + alarm.key() + ")").append('\n')
                .append("Window:     ").append(DATE_TIME.format(alarm.windowStart())).append(" to ")
                .append(DATE_TIME.format(alarm.windowEnd())).append(" UTC (").append(alarm.windowSeconds()).append(" s)\n")
                .append("Orders:     ").append(alarm.orderCount()).append(" (threshold ").append(alarm.threshold()).append(")\n")
                .append("Detected:   ").append(time(alarm.windowEnd()))
                .append(alarm.isRepeat() ? " (the highest count since the previous alarm)\n" : "\n");
        if (alarm.raisedAt() != null) {
            text.append("Raised:     ").append(time(alarm.raisedAt())).append('\n');
        }
        appendTop(text, "Customers", alarm.topCustomers());
        appendTop(text, "Countries", alarm.topCountries());
        appendTop(text, "Stock codes", alarm.topStockCodes());
        return text.append("\nAlarm id:   ").append(alarm.alarmId()).append('\n').toString();
    }

    private static String kind(String type, String key) {
        return switch (type) {
            case "ORDER_FLOOD" -> "order flood";
            case "CUSTOMER_FLOOD" -> "customer flood (" + ascii(key, KEY_IN_SMS) + ")";
            default -> ascii(type, 32) + (key == null ? "" : " (" + ascii(key, KEY_IN_SMS) + ")");
        };
    }

    /** Who flooded, for the resolved SMS: nothing site-wide, "customer 17850 " per customer. */
    private static String who(String type, String key) {
        return switch (type) {
            case "ORDER_FLOOD" -> "";
            case "CUSTOMER_FLOOD" -> "customer " + ascii(key, KEY_IN_SMS) + " ";
            default -> ascii(type, 32) + (key == null ? "" : " " + ascii(key, KEY_IN_SMS)) + " ";
        };
    }

    private static String time(Instant instant) {
        return DATE_TIME.format(instant) + " UTC";
    }

    /** {@code 4 min 10 s}, {@code 2 h 5 min}, {@code 45 s}. */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
    }

    private static void appendTop(StringBuilder text, String title, List<Alarm.Contributor> top) {
        if (!top.isEmpty()) {
            text.append(String.format(Locale.ROOT, "%-12s", title + ":"))
                    .append(top.stream().map(c -> c.key() + " (" + c.count() + ")").collect(Collectors.joining(", ")))
                    .append('\n');
        }
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** Printable ASCII only, at most {@code max} characters: SMS segments and subjects break on anything else. */
    private static String ascii(String value, int max) {
        if (value == null) {
            return "?";
        }
        String clean = value.chars().map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
