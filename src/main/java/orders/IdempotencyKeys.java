package orders;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Which order each Idempotency-Key created, and a fingerprint of the request that created it. */
@Repository
class IdempotencyKeys {

    record Entry(String requestHash, String orderId) {
    }

    private final JdbcTemplate jdbc;

    IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Entry> find(String key) {
        return jdbc.query("select request_hash, order_id from order_idempotency_keys where idempotency_key = ?",
                        (row, index) -> new Entry(row.getString("request_hash"), row.getString("order_id")), key)
                .stream().findFirst();
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when another request took the key first. */
    void add(String key, Entry entry) {
        jdbc.update("insert into order_idempotency_keys (idempotency_key, request_hash, order_id, created_at) "
                + "values (?, ?, ?, current_timestamp)", key, entry.requestHash(), entry.orderId());
    }
}
