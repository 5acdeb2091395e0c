package dev.sitewatch.silence;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /silences}, as read and checked by {@link NewSilenceReader}. */
@Schema(description = "A silence to create")
public record NewSilence(
        @Schema(required = true) Matchers matchers,
        @Schema(description = "When it starts (ISO-8601 with offset); default now, at most a minute in the past",
                example = "2026-11-27T08:00:00Z") Instant startsAt,
        @Schema(required = true, description = "When it ends (exclusive): after startsAt, at most 30 days from now "
                + "(sitewatch.silences.max-duration)", example = "2026-11-27T20:00:00Z") Instant endsAt,
        @Schema(required = true, maxLength = NewSilenceReader.MAX_COMMENT, description = "Why, for the people on call",
                example = "Black Friday flash sale") String comment) {
}
