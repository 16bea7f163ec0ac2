package app.console;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The newest position in the event store, and who holds each segment of each processor. The sampler reads them
 * every few seconds; the page is answered from that reading while it is fresh, so that opening the console costs
 * the database nothing while the processors keep every connection busy.
 */
@Component
class StoreHead {

    private final JdbcTemplate jdbc;
    private volatile Reading latest;

    StoreHead(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Reading read() {
        Long max = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        List<Claim> claims = jdbc.query("select processor_name, segment, owner from token_entry"
                + " order by processor_name, segment", (rs, row) -> new Claim(rs.getString(1), rs.getInt(2),
                rs.getString(3)));
        Reading reading = new Reading(max == null ? 0 : max, claims, System.currentTimeMillis());
        latest = reading;
        return reading;
    }

    /** The last reading when it is at most {@code maxAgeMillis} old, a new one otherwise. */
    Reading recent(long maxAgeMillis) {
        Reading reading = latest;
        return reading != null && System.currentTimeMillis() - reading.at() <= maxAgeMillis ? reading : read();
    }

    /** {@code head}: the primary key's last entry, one index probe however many events are stored. */
    record Reading(long head, List<Claim> claims, long at) {
    }

    /** A released segment has no owner. */
    record Claim(String processor, int segment, String owner) {
    }
}
