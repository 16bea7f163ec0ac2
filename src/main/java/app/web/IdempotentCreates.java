package app.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates a resource at most once per {@code Idempotency-Key}. The key is stored in the transaction that stores the
 * resource's first event, so after any failure, a lost answer or a commit whose outcome is unknown, a retry with the
 * same key either finds the resource that was stored or creates it now. One mechanism for every create endpoint:
 * the rule is the same everywhere and a client learns it once; each context names its own scope.
 */
@Component
public class IdempotentCreates {

    public static final String HEADER = "Idempotency-Key";
    public static final String KEY_PATTERN = "^[\\x21-\\x7E]{1,128}$";
    public static final String KEY_MESSAGE = "must be 1 to 128 visible ASCII characters";
    public static final String HEADER_DESCRIPTION = "any unique token (e.g. a UUID) that makes retrying this request"
            + " safe: the same key with the same body answers the first result and creates nothing new";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    IdempotentCreates(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * Answers the id of the resource this request created, now or on an earlier try with the same key.
     *
     * @param scope     what kind of resource, such as {@code orders}
     * @param key       the client's Idempotency-Key, or null for a create without one
     * @param request   the request in a canonical form: equal for requests that mean the same
     * @param newId     the id the resource gets when it is created now
     * @param create    stores the resource with that id (sends its command and waits)
     * @throws IdempotencyKeyReused when the key was used before with another request
     */
    public String create(String scope, String key, String request, Supplier<String> newId, Consumer<String> create) {
        if (key == null) {
            String id = newId.get();
            create.accept(id);
            return id;
        }
        String requestHash = fingerprint(request);
        Optional<String> earlier = earlierAnswer(scope, key, requestHash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String id = newId.get();
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.update("insert into idempotency_keys (scope, idempotency_key, request_hash, resource_id, created_at)"
                        + " values (?, ?, ?, ?, current_timestamp)", scope, key, requestHash, id);
                create.accept(id);
            });
            return id;
        } catch (DuplicateKeyException concurrentRequest) {
            return earlierAnswer(scope, key, requestHash).orElseThrow(() -> concurrentRequest);
        }
    }

    private Optional<String> earlierAnswer(String scope, String key, String requestHash) {
        return jdbc.query("select request_hash, resource_id from idempotency_keys where scope = ? and idempotency_key = ?",
                        (row, index) -> {
                            if (!row.getString("request_hash").equals(requestHash)) {
                                throw new IdempotencyKeyReused(key);
                            }
                            return row.getString("resource_id");
                        }, scope, key)
                .stream().findFirst();
    }

    static String fingerprint(String request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
        }
    }

    /** An Idempotency-Key sent again with a request other than the one it was first used for. */
    public static class IdempotencyKeyReused extends RuntimeException {

        IdempotencyKeyReused(String key) {
            super("Idempotency-Key '" + key + "' was already used for a different request.");
        }
    }
}
