package app.persistence;

import org.springframework.transaction.TransactionSystemException;

/**
 * The connection broke while a transaction was committing: the database may have stored it or not, and nobody
 * here can tell which. Never retried automatically; the client retries with its Idempotency-Key or reads first.
 */
public class CommitOutcomeUnknown extends TransactionSystemException {

    CommitOutcomeUnknown(Throwable cause) {
        super("The connection to the database broke while committing; the write may or may not have been stored",
                cause);
    }
}
