package app;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the event store's table the way an operator would, to check what a request wrote. Metadata is JSON in
 * bytea, decoded here rather than in SQL so that the same check runs on H2 and PostgreSQL.
 */
public final class StoredEvents {

    private final JdbcTemplate jdbc;

    public StoredEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long head() {
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    /** Event types stored after {@code position} whose metadata carries the given correlation id. */
    public List<String> typesCorrelatedWith(String correlationId, long position) {
        return jdbc.query("select payload_type, meta_data from domain_event_entry where global_index > ? "
                        + "order by global_index",
                (row, index) -> new String(row.getBytes("meta_data"), StandardCharsets.UTF_8)
                        .contains("\"" + correlationId + "\"") ? row.getString("payload_type") : null,
                position).stream().filter(type -> type != null).toList();
    }

    public List<String> typesOfAggregate(String aggregateId) {
        return jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", String.class, aggregateId);
    }
}
