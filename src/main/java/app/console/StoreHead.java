package app.console;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The newest position in the event store, and who holds each segment of each processor. */
@Component
class StoreHead {

    private final JdbcTemplate jdbc;

    StoreHead(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The primary key's last entry: one index probe, however many events are stored. */
    long position() {
        Long max = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    /** The owner of each claimed segment per processor (a released segment has none). */
    List<Claim> claims() {
        return jdbc.query("select processor_name, segment, owner from token_entry order by processor_name, segment",
                (rs, row) -> new Claim(rs.getString(1), rs.getInt(2), rs.getString(3)));
    }

    record Claim(String processor, int segment, String owner) {
    }
}
