package dev.sitewatch.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of {@code GET /alarms} ends: the last item's time and id. Keyset paging stays stable while new
 * alarms arrive (they sort before the cursor), unlike an offset. Opaque to clients: base64url of {@code epochSecond:id}.
 */
record Cursor(Instant time, long id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((time.getEpochSecond() + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Cursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            return new Cursor(Params.supported("cursor", Instant.ofEpochSecond(Long.parseLong(text.substring(0, colon)))),
                    Long.parseLong(text.substring(colon + 1)));
        } catch (BadParameterException | IllegalArgumentException | IndexOutOfBoundsException
                 | java.time.DateTimeException e) {
            throw new BadParameterException("cursor", "cursor is not one this API handed out; use the 'next' value of "
                    + "the previous page");
        }
    }
}
