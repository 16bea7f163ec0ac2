package app;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How often the database ran each statement, read from the database's own statistics (H2's query statistics,
 * PostgreSQL's pg_stat_statements for this database only), so that a test can count the statements a piece of work
 * costs without wrapping the data source. Statements are keyed by their text in one form for both databases:
 * lower case, single spaces, parameters as {@code ?}.
 */
public record StatementCounts(Map<String, Long> calls) {

    private static final Pattern POSTGRES_PARAMETER = Pattern.compile("\\$\\d+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** False on PostgreSQL when pg_stat_statements is not installed in the test database. */
    public static boolean available(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        if (isH2(dataSource)) {
            jdbc.execute("set query_statistics_max_entries 100000");
            jdbc.execute("set query_statistics true");
            return true;
        }
        try {
            jdbc.queryForObject("select count(*) from public.pg_stat_statements", Long.class);
            return true;
        } catch (RuntimeException notInstalled) {
            return false;
        }
    }

    public static StatementCounts of(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Map<String, Object>> rows = isH2(dataSource)
                // rand(): H2 hands out the last result of a deterministic query again while no table has changed
                ? jdbc.queryForList("select sql_statement as query, execution_count as calls"
                        + " from information_schema.query_statistics where rand() >= 0")
                : jdbc.queryForList("select query, calls from public.pg_stat_statements"
                        + " where dbid = (select oid from pg_database where datname = current_database())");
        Map<String, Long> calls = new HashMap<>();
        for (Map<String, Object> row : rows) {
            calls.merge(normalised((String) row.get("query")), ((Number) row.get("calls")).longValue(), Long::sum);
        }
        return new StatementCounts(calls);
    }

    /** What ran between {@code earlier} and this snapshot. */
    public StatementCounts since(StatementCounts earlier) {
        Map<String, Long> delta = new HashMap<>();
        calls.forEach((query, count) -> {
            long added = count - earlier.calls.getOrDefault(query, 0L);
            if (added > 0) {
                delta.put(query, added);
            }
        });
        return new StatementCounts(delta);
    }

    /** Calls of the statements whose text starts with the given one (in the normalised form). */
    public long startingWith(String prefix) {
        return calls.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Calls of the queries that read the given table first (as their FROM table, not as a joined one). */
    public long selectsFrom(String table) {
        Pattern readsFirst = Pattern.compile("^select .*? from " + Pattern.quote(table) + "\\b.*");
        return calls.entrySet().stream()
                .filter(entry -> readsFirst.matcher(entry.getKey()).matches())
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static String normalised(String query) {
        String withMarkers = POSTGRES_PARAMETER.matcher(query).replaceAll("?");
        return WHITESPACE.matcher(withMarkers.trim()).replaceAll(" ").toLowerCase();
    }

    private static boolean isH2(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("h2");
        } catch (SQLException failure) {
            throw new IllegalStateException("Cannot tell which database this is", failure);
        }
    }
}
