package dev.sitewatch.database;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A database user's credentials as Secrets Manager keeps them for RDS: a JSON object with at least {@code username}
 * and {@code password} (an attached secret also has {@code host}, {@code port}, {@code engine}, which we ignore: the
 * JDBC URL comes from the deployment). {@link #toString()} never shows the password.
 */
public record DatabaseSecret(String username, String password) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public DatabaseSecret {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a database secret needs a username and a password");
        }
    }

    /** @throws IllegalArgumentException naming the missing field, never echoing the secret */
    public static DatabaseSecret parse(String secretId, String secretString) {
        JsonNode json;
        try {
            json = JSON.readTree(secretString);
        } catch (IOException e) {
            throw new IllegalArgumentException("Secret " + secretId + " is not a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("Secret " + secretId + " is not a JSON object");
        }
        for (String field : new String[] {"username", "password"}) {
            if (!json.path(field).isTextual() || json.path(field).asText().isEmpty()) {
                throw new IllegalArgumentException("Secret " + secretId + " has no " + field);
            }
        }
        return new DatabaseSecret(json.get("username").asText(), json.get("password").asText());
    }

    @Override
    public String toString() {
        return "DatabaseSecret[username=" + username + ", password=***]";
    }
}
