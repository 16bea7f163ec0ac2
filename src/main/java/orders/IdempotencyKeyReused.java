package orders;

/** An Idempotency-Key sent again with a request other than the one it was first used for. */
class IdempotencyKeyReused extends RuntimeException {

    IdempotencyKeyReused(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different order request.");
    }
}
