package app.persistence;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure of the database connection (none to be had, or one that broke) from every other failure, whatever
 * layer wrapped it: JDBC, Hibernate, Spring's translation, Axon's unit of work.
 */
public final class DatabaseFaults {

    /**
     * PostgreSQL's codes for a server that shut the session down or is starting or stopping (admin_shutdown,
     * crash_shutdown, cannot_connect_now), and too many connections; class 08 is checked separately.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    /** H2's codes for a closed or broken connection (DATABASE_CALLED_AT_SHUTDOWN, CONNECTION_BROKEN_1, DATABASE_IS_CLOSED). */
    private static final Set<Integer> H2_UNAVAILABLE_CODES = Set.of(90121, 90067, 90098);

    private DatabaseFaults() {
    }

    /** True when the database could not be reached or the connection broke somewhere in {@code failure}'s causes. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CommitOutcomeUnknown
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && isConnectionState(sql)) {
                return true;
            }
            // the PostgreSQL driver asserts that a statement's connection cannot be closed under a batch; where
            // assertions are on (tests), a connection that breaks there ends in this error instead of an SQLException
            if (cause instanceof AssertionError && thrownBy(cause, "org.postgresql.")) {
                return true;
            }
            // a socket that ended under a JDBC call is the database's, not the HTTP client's
            if ((cause instanceof EOFException || cause instanceof SocketException) && hasSqlCause(failure)) {
                return true;
            }
        }
        return false;
    }

    /** True when a commit was sent and its answer lost: the write may or may not be stored. */
    public static boolean isOutcomeUnknown(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CommitOutcomeUnknown) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionState(SQLException sql) {
        String state = sql.getSQLState();
        return (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)))
                || (state == null && thrownByHikari(sql))
                || (sql.getClass().getName().startsWith("org.h2.") && H2_UNAVAILABLE_CODES.contains(sql.getErrorCode()));
    }

    /** Hikari's stand-in for a connection it closed after it broke throws a plain SQLException without a state. */
    private static boolean thrownByHikari(SQLException sql) {
        return thrownBy(sql, "com.zaxxer.hikari.");
    }

    private static boolean thrownBy(Throwable failure, String packagePrefix) {
        StackTraceElement[] stack = failure.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith(packagePrefix);
    }

    private static boolean hasSqlCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }
}
