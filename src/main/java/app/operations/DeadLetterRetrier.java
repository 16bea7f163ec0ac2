package app.operations;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code eventshop.dead-letters.retry-interval} tries the dead letters whose backoff has passed. It starts after
 * the event processors and stops before them.
 */
final class DeadLetterRetrier extends RepeatingTask {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetrier.class);

    private final DeadLetters deadLetters;
    private final Duration interval;

    DeadLetterRetrier(DeadLetters deadLetters, Duration interval) {
        super("dead-letter-retrier", interval, interval);
        this.deadLetters = deadLetters;
        this.interval = interval;
    }

    /** Group by group, so that a group whose retry fails does not hold up the others. */
    @Override
    protected void runOnce() {
        for (String group : deadLetters.groups()) {
            try {
                if (deadLetters.hasQueue(group) && deadLetters.size(group) > 0) {
                    deadLetters.retryDue(group);
                }
            } catch (RuntimeException failure) {
                log.warn("Retrying the dead letters of {} failed; trying again in {}", group, interval, failure);
            }
        }
    }
}
