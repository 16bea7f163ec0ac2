package query;

import java.sql.DatabaseMetaData;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Empties a projection's tables when it is replayed from the start. On PostgreSQL they are truncated: deleting their
 * rows left one dead row per row, which only a vacuum frees, and the rebuild then ran on the emptied table's full
 * pages and indexes (after three replays order_summary took 144 MB for 143,000 rows, and each replay was slower than
 * the one before it: benchmark/NOTES.md, ninth round). The truncation is part of the reset's transaction, so it is
 * undone with the tokens' reset if that fails; it locks the tables until then, a moment, and queries wait for it.
 * The embedded database commits on a truncation, so there the rows are deleted.
 */
final class ReadModelTables {

    private ReadModelTables() {
    }

    static void empty(JdbcTemplate jdbc, String... tables) {
        String product = jdbc.execute((ConnectionCallback<String>) connection -> {
            DatabaseMetaData metaData = connection.getMetaData();
            return metaData.getDatabaseProductName();
        });
        if ("PostgreSQL".equals(product)) {
            jdbc.update("truncate table " + String.join(", ", tables));
        } else {
            for (String table : tables) {
                jdbc.update("delete from " + table);
            }
        }
    }
}
