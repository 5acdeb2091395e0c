package dev.sitewatch.database;

import java.sql.SQLException;

/** Whether the database refused the user's credentials: MySQL/MariaDB error 1045 (SQLState 28000). */
final class AuthenticationFailure {

    static final int ACCESS_DENIED = 1045;
    static final String INVALID_AUTHORIZATION = "28000";

    private AuthenticationFailure() {
    }

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql
                    && (sql.getErrorCode() == ACCESS_DENIED || INVALID_AUTHORIZATION.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
