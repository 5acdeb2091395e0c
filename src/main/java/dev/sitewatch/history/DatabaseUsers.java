package dev.sitewatch.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

import dev.sitewatch.database.DatabaseSecret;

/**
 * The application's database users and what each may do, made so by the migration owner (the master user, who owns
 * the schema and its DDL): the historian's writer may read, add and change rows; the API's reader may only read.
 * Neither may delete rows or change the schema. {@link #sync} makes the server agree with this: it creates a user
 * that is missing, sets its password to the one in its secret, and replaces whatever it was granted with its grants,
 * so running it again (every deploy) changes nothing.
 */
final class DatabaseUsers {

    /** A user's role: the privileges it gets on the application's database, and nothing anywhere else. */
    enum Role {
        /** The alarm-historian: inserts alarms, updates notifications and floods, reads to join them. */
        WRITER("SELECT, INSERT, UPDATE"),
        /** The REST API: reads the history. */
        READER("SELECT");

        final String privileges;

        Role(String privileges) {
            this.privileges = privileges;
        }
    }

    /** One application user: its role and its credentials (from its own secret). */
    record User(Role role, DatabaseSecret secret) {
    }

    // MySQL account names are at most 32 characters; letters, digits and _ need no quoting anywhere
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1,32}");
    // a password goes into a string literal (CREATE USER takes no placeholder): refuse what could end or escape it
    private static final Pattern PASSWORD = Pattern.compile("[^'\\\\\\x00-\\x1f]{8,128}");

    private DatabaseUsers() {
    }

    /**
     * Creates or updates each user on the server {@code owner} is connected to, with the privileges of its role on
     * the owner's current database only.
     */
    static void sync(Connection owner, List<User> users) throws SQLException {
        String database = currentDatabase(owner);
        String ownerName = currentUser(owner);
        for (User user : users) {
            String name = user.secret().username();
            if (!USERNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Database user name " + name + " is not 1-32 letters, digits or _");
            }
            if (name.equalsIgnoreCase(ownerName)) {
                throw new IllegalArgumentException("The " + user.role() + " user must not be the owner " + ownerName);
            }
            if (!PASSWORD.matcher(user.secret().password()).matches()) {
                throw new IllegalArgumentException("The password of " + name + " must be 8-128 characters without '"
                        + ", \\ or control characters");
            }
        }
        if (users.stream().map(u -> u.secret().username().toLowerCase()).distinct().count() != users.size()) {
            throw new IllegalArgumentException("Each role needs a user of its own");
        }
        try (Statement sql = owner.createStatement()) {
            for (User user : users) {
                String account = "'" + user.secret().username() + "'@'%'";
                String password = "'" + user.secret().password() + "'";
                sql.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY " + password);
                sql.execute("ALTER USER " + account + " IDENTIFIED BY " + password);
                sql.execute("REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + account);
                sql.execute("GRANT " + user.role().privileges + " ON `" + database + "`.* TO " + account);
            }
        }
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        String database = single(connection, "SELECT DATABASE()");
        if (database == null || !USERNAME.matcher(database).matches()) {
            throw new IllegalStateException("The owner's connection names no usable database: " + database);
        }
        return database;
    }

    private static String currentUser(Connection connection) throws SQLException {
        String user = single(connection, "SELECT CURRENT_USER()");
        return user.substring(0, user.indexOf('@'));
    }

    private static String single(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
