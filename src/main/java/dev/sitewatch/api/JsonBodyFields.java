package dev.sitewatch.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading fields of a JSON request body one by one, each bad one a {@link BadParameterException} naming it. */
public final class JsonBodyFields {

    private static final int SHOWN = 60;

    private JsonBodyFields() {
    }

    /** Absent, JSON null or missing. */
    public static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** A string field, stripped; null when absent or JSON null. */
    public static String text(String name, JsonNode node, int maxLength) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw new BadParameterException(name, name + " must be a string; got " + abbreviated(node.toString()));
        }
        String text = node.textValue().strip();
        if (text.isEmpty()) {
            throw new BadParameterException(name, name + " must not be blank; leave it out instead");
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw new BadParameterException(name, name + " is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** A value as a problem detail shows it: at most 60 characters. */
    public static String abbreviated(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }
}
