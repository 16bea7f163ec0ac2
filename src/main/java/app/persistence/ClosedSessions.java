package app.persistence;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the connection pool that an H2 session the database has closed is dead. Hikari recognises PostgreSQL's
 * broken-connection states by itself, but not H2's, and it skips the liveness check for a connection used within
 * the last half second: under steady use a pool full of closed sessions would then be handed out for ever.
 */
public class ClosedSessions implements SQLExceptionOverride {

    /** H2's "database is already closed" and "connection is broken". */
    private static final String CLOSED = "90121";
    private static final String BROKEN = "90067";

    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        for (SQLException cause = failure; cause != null; cause = cause.getNextException()) {
            if (CLOSED.equals(cause.getSQLState()) || BROKEN.equals(cause.getSQLState())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
