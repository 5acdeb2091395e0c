package dev.sitewatch.api;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads request parameters, all taken as text so that every bad value ends here as a {@link BadParameterException}
 * with a readable detail (never as a conversion error or a 500).
 */
final class Params {

    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** What a DATETIME column can hold, and then some: times outside are refused rather than sent to the database. */
    static final ZoneId UTC = ZoneId.of("UTC");
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");
    private static final int MAX_TEXT = 200;

    private Params() {
    }

    /** An ISO-8601 instant with offset ({@code 2026-11-25T14:00:00Z}) or a date, which means its start in {@code zone}. */
    static Instant instant(String name, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = bounded(name, value).strip();
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                instant = LocalDate.parse(text).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new BadParameterException(name, name + " must be an ISO-8601 time with offset, like "
                        + "2026-11-25T14:00:00Z, or a date like 2026-11-25; got '" + text + "'");
            }
        } catch (DateTimeException outOfRange) {
            throw new BadParameterException(name, name + " is out of range: '" + text + "'");
        }
        return supported(name, instant);
    }

    static Instant supported(String name, Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new BadParameterException(name, name + " must lie between " + EARLIEST + " and " + LATEST
                    + "; got " + instant);
        }
        return instant;
    }

    static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return UTC;
        }
        String text = bounded("tz", value).strip();
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new BadParameterException("tz", "tz must be an IANA time zone like Europe/London or UTC; got '" + text + "'");
        }
    }

    static Bucket bucket(String value) {
        if (value == null || value.isBlank()) {
            throw new BadParameterException("bucket", "bucket is required: one of minute, hour, day, month");
        }
        try {
            return Bucket.valueOf(bounded("bucket", value).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("bucket", "bucket must be one of minute, hour, day, month; got '"
                    + value.strip() + "'");
        }
    }

    static String type(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = bounded("type", value).strip();
        if (!TYPE.matcher(text).matches()) {
            throw new BadParameterException("type", "type must be an alarm type like ORDER_FLOOD or CUSTOMER_FLOOD; got '"
                    + text + "'");
        }
        return text;
    }

    /** A key to filter by (a customer): any text up to 128 characters. */
    static String key(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > 128) {
            throw new BadParameterException("key", "key must be at most 128 characters; got " + text.length());
        }
        return text;
    }

    static int limit(String value, int defaultSize, int maxSize) {
        if (value == null || value.isBlank()) {
            return defaultSize;
        }
        long limit = digits("limit", value, "limit must be a whole number from 1 to " + maxSize);
        if (limit < 1 || limit > maxSize) {
            throw new BadParameterException("limit", "limit must be from 1 to " + maxSize + "; got " + limit);
        }
        return (int) limit;
    }

    static long id(String value) {
        long id = digits("id", value, "id must be a positive whole number");
        if (id < 1) {
            throw new BadParameterException("id", "id must be a positive whole number; got '" + value + "'");
        }
        return id;
    }

    /**
     * A whole number written in ASCII digits only: no sign, no blanks, none of the other digits {@link Long#parseLong}
     * takes (Arabic-Indic, fullwidth, ...), so that one number has one spelling.
     */
    static long digits(String name, String value, String expected) {
        if (value == null || !DIGITS.matcher(value).matches()) {
            throw new BadParameterException(name, expected + ", in the digits 0-9 only; got '"
                    + (value == null ? "" : shortened(value)) + "'");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            throw new BadParameterException(name, expected + "; got " + shortened(value));
        }
    }

    /**
     * {@code from}–{@code to} as a half-open range; {@code to} defaults to now, {@code from} to {@code to} minus the
     * default range, but never before {@link #EARLIEST} (nothing is older: the range is cut, not refused, since the
     * client did not ask for those days); a range wider than {@code maxRange} is refused.
     */
    static TimeRange range(Instant from, Instant to, Instant now, Duration defaultRange, Duration maxRange) {
        Instant end = to != null ? to : now;
        Instant start = from != null ? from : latest(end.minus(defaultRange), EARLIEST);
        if (from == null && !start.isBefore(end)) {
            throw new BadParameterException("to", "to must be after " + EARLIEST + "; got " + end);
        }
        if (!start.isBefore(end)) {
            throw new BadParameterException("from", "from must be before to; got from=" + start + ", to=" + end);
        }
        if (Duration.between(start, end).compareTo(maxRange) > 0) {
            throw new BadParameterException(from != null ? "from" : "to", "the range from " + start + " to " + end
                    + " is wider than the limit of " + maxRange.toDays() + " days" + (maxRange.toDays() < 30
                    ? " for this bucket" : ""));
        }
        return new TimeRange(start, end);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String shortened(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    private static String bounded(String name, String value) {
        if (value.length() > MAX_TEXT) {
            throw new BadParameterException(name, name + " is longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    /** A half-open time range {@code [from, to)}. */
    record TimeRange(Instant from, Instant to) {
    }
}
