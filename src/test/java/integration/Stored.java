package integration;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** A stored event as the event store's table holds it, read with SQL. */
record Stored(String eventId, String aggregateId, long version, String aggregateType, String payloadType,
              Instant timestamp) {

    static List<Stored> all(JdbcTemplate jdbc) {
        return jdbc.query("select event_identifier, aggregate_identifier, sequence_number, type, payload_type,"
                        + " time_stamp from domain_event_entry order by global_index",
                (row, index) -> new Stored(row.getString(1), row.getString(2), row.getLong(3), row.getString(4),
                        row.getString(5), Instant.parse(row.getString(6))));
    }

    String simpleType() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
