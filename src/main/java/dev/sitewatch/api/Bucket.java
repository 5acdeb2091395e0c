package dev.sitewatch.api;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The aggregate bucket sizes. Each has the MySQL {@code DATE_FORMAT} pattern that names a bucket by its local start
 * time, and reads that name back.
 */
enum Bucket {
    MINUTE("%Y-%m-%d %H:%i"),
    HOUR("%Y-%m-%d %H"),
    DAY("%Y-%m-%d"),
    MONTH("%Y-%m");

    private static final DateTimeFormatter MINUTE_LABEL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);

    private final String sqlFormat;

    Bucket(String sqlFormat) {
        this.sqlFormat = sqlFormat;
    }

    String sqlFormat() {
        return sqlFormat;
    }

    /** The local start time of the bucket named {@code label} by {@link #sqlFormat()}. */
    LocalDateTime start(String text) {
        return switch (this) {
            case MINUTE -> LocalDateTime.parse(text, MINUTE_LABEL);
            case HOUR -> LocalDateTime.parse(text + ":00", MINUTE_LABEL);
            case DAY -> LocalDate.parse(text).atStartOfDay();
            case MONTH -> YearMonth.parse(text).atDay(1).atStartOfDay();
        };
    }

    String lowerCaseName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
