package dev.sitewatch.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of {@code GET /alarms} or {@code GET /floods} ends: the last item's time and id. Keyset paging stays
 * stable while new items arrive (they sort before the cursor), unlike an offset. Opaque to clients: base64url of
 * {@code ISO-instant/id}.
 */
record Cursor(Instant time, long id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((time + "/" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Cursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.US_ASCII);
            int slash = text.lastIndexOf('/');
            return new Cursor(Params.supported("cursor", Instant.parse(text.substring(0, slash))),
                    Params.digits("cursor", text.substring(slash + 1), "the cursor's id"));
        } catch (BadParameterException | IllegalArgumentException | IndexOutOfBoundsException
                 | java.time.DateTimeException e) {
            throw new BadParameterException("cursor", "cursor is not one this API handed out; use the 'next' value of "
                    + "the previous page");
        }
    }
}
