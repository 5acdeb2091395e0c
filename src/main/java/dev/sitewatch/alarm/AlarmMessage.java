package dev.sitewatch.alarm;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The words people read. The SMS fits one GSM-7 segment (160 characters, plain ASCII): count, window, time and
 * threshold, e.g. {@code Sitewatch: 42 orders in 15 s at 14:03:12 UTC (threshold 30)}. The e-mail adds the window
 * and the top contributors under a subject of at most 100 ASCII characters, as SNS requires.
 */
final class AlarmMessage {

    static final int SMS_LIMIT = 160;
    static final int SUBJECT_LIMIT = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int KEY_IN_SMS = 24;

    private AlarmMessage() {
    }

    static String sms(Alarm alarm) {
        String what = switch (alarm.type()) {
            case "ORDER_FLOOD" -> alarm.orderCount() + " orders";
            case "CUSTOMER_FLOOD" -> "customer " + ascii(alarm.key(), KEY_IN_SMS) + " placed " + alarm.orderCount() + " orders";
            default -> ascii(alarm.type(), 32) + (alarm.key() == null ? "" : " " + ascii(alarm.key(), KEY_IN_SMS))
                    + ": " + alarm.orderCount() + " orders";
        };
        String text = "Sitewatch: " + what + " in " + alarm.windowSeconds() + " s at " + TIME.format(alarm.windowEnd())
                + " UTC (threshold " + alarm.threshold() + ")";
        return text.length() <= SMS_LIMIT ? text : text.substring(0, SMS_LIMIT);
    }

    static String subject(Alarm alarm, String severity) {
        String kind = switch (alarm.type()) {
            case "ORDER_FLOOD" -> "order flood";
            case "CUSTOMER_FLOOD" -> "customer flood (" + ascii(alarm.key(), KEY_IN_SMS) + ")";
            default -> ascii(alarm.type(), 32);
        };
        String subject = "Sitewatch " + severity + ": " + kind + ", " + alarm.orderCount() + " orders in "
                + alarm.windowSeconds() + " s";
        return subject.length() <= SUBJECT_LIMIT ? subject : subject.substring(0, SUBJECT_LIMIT);
    }

    static String email(Alarm alarm, String severity) {
        StringBuilder text = new StringBuilder()
                .append(sms(alarm)).append("\n\n")
                .append("Severity:   ").append(severity).append('\n')
                .append("Type:       ").append(alarm.type()).append(alarm.key() == null ? "" : " (" + alarm.key() + ")").append('\n')
                .append("Window:     ").append(DATE_TIME.format(alarm.windowStart())).append(" to ")
                .append(DATE_TIME.format(alarm.windowEnd())).append(" UTC (").append(alarm.windowSeconds()).append(" s)\n")
                .append("Orders:     ").append(alarm.orderCount()).append(" (threshold ").append(alarm.threshold()).append(")\n");
        appendTop(text, "Customers", alarm.topCustomers());
        appendTop(text, "Countries", alarm.topCountries());
        appendTop(text, "Stock codes", alarm.topStockCodes());
        return text.append("\nAlarm id:   ").append(alarm.alarmId()).append('\n').toString();
    }

    private static void appendTop(StringBuilder text, String title, List<Alarm.Contributor> top) {
        if (!top.isEmpty()) {
            text.append(String.format(Locale.ROOT, "%-12s", title + ":"))
                    .append(top.stream().map(c -> c.key() + " (" + c.count() + ")").collect(Collectors.joining(", ")))
                    .append('\n');
        }
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
