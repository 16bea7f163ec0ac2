package app.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Takes the database away from one running application and gives it back. On PostgreSQL its backends (found by
 * their application name) are terminated, repeatedly, so that connections break in the middle of statements and
 * commits. On H2 the database goes into exclusive mode 2, which closes every other session (rolling back its
 * transaction) and refuses new connections until it ends.
 */
interface DatabaseOutage extends AutoCloseable {

    /** Breaks the connections once; an outage may be started again while it lasts. */
    void strike();

    /** Ends the outage: the database takes connections again. */
    @Override
    void close();

    static DatabaseOutage of(HikariDataSource dataSource, String applicationName) {
        return dataSource.getJdbcUrl().startsWith("jdbc:postgresql:")
                ? new TerminatedBackends(dataSource, applicationName)
                : new ExclusiveH2(dataSource);
    }

    final class TerminatedBackends implements DatabaseOutage {

        private final HikariDataSource dataSource;
        private final String applicationName;

        TerminatedBackends(HikariDataSource dataSource, String applicationName) {
            this.dataSource = dataSource;
            this.applicationName = applicationName;
        }

        /** From a connection of its own, outside the application's pool and under another application name. */
        @Override
        public void strike() {
            try (Connection connection = DriverManager.getConnection(dataSource.getJdbcUrl(),
                    dataSource.getUsername(), dataSource.getPassword())) {
                new JdbcTemplate(new SingleConnectionDataSource(connection, true)).queryForList(
                        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?"
                                + " and datname = current_database()", applicationName);
            } catch (SQLException failed) {
                throw new IllegalStateException(failed);
            }
        }

        @Override
        public void close() {
        }
    }

    final class ExclusiveH2 implements DatabaseOutage {

        private final HikariDataSource dataSource;
        private Connection exclusive;

        ExclusiveH2(HikariDataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public synchronized void strike() {
            try {
                if (exclusive == null) {
                    exclusive = DriverManager.getConnection(dataSource.getJdbcUrl(), dataSource.getUsername(),
                            dataSource.getPassword());
                    try (Statement statement = exclusive.createStatement()) {
                        statement.execute("set exclusive 2");
                    }
                }
            } catch (SQLException failed) {
                throw new IllegalStateException(failed);
            }
        }

        @Override
        public synchronized void close() {
            if (exclusive == null) {
                return;
            }
            try (Connection connection = exclusive; Statement statement = connection.createStatement()) {
                statement.execute("set exclusive 0");
            } catch (SQLException failed) {
                throw new IllegalStateException(failed);
            } finally {
                exclusive = null;
            }
        }
    }
}
