package app.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * Decides what happens to a letter whose handling failed: it is always (re)enqueued, never evicted, because an event
 * that a projection has not applied must not vanish. Its diagnostics count the failed retries and say when the next
 * try is due; after the last allowed try the letter is parked and only an operator's retry touches it again.
 */
final class BackoffPolicy implements EnqueuePolicy<EventMessage<?>> {

    /** Retries that failed so far; 0 right after the first failure. */
    static final String RETRIES = "retries";
    /** When the scheduled retrier may try again (ISO-8601); absent once parked. */
    static final String NEXT_ATTEMPT = "nextAttempt";
    /** The wait before {@link #NEXT_ATTEMPT}, in milliseconds. */
    static final String BACKOFF_MILLIS = "backoffMillis";
    /** True once the letter has used up its tries. */
    static final String PARKED = "parked";

    private final DeadLetterSettings settings;
    private final Clock clock;
    private final Runnable onFailure;

    /** {@code onFailure} is told of every failed attempt, the first and each failed retry. */
    BackoffPolicy(DeadLetterSettings settings, Clock clock, Runnable onFailure) {
        this.settings = settings;
        this.clock = clock;
        this.onFailure = onFailure;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        onFailure.run();
        boolean firstFailure = !letter.diagnostics().containsKey(RETRIES);
        int retries = firstFailure ? 0 : retriesOf(letter) + 1;
        Map<String, Object> diagnostics = new HashMap<>(letter.diagnostics());
        diagnostics.put(RETRIES, retries);
        if (retries + 1 >= settings.maxTries()) {
            diagnostics.put(PARKED, true);
            diagnostics.remove(NEXT_ATTEMPT);
            diagnostics.remove(BACKOFF_MILLIS);
        } else {
            Duration backoff = settings.backoffAfter(retries);
            diagnostics.put(PARKED, false);
            diagnostics.put(BACKOFF_MILLIS, backoff.toMillis());
            diagnostics.put(NEXT_ATTEMPT, clock.instant().plus(backoff).toString());
        }
        MetaData updated = MetaData.from(diagnostics);
        return firstFailure ? Decisions.enqueue(ThrowableCause.truncated(cause), ignored -> updated)
                : Decisions.requeue(ThrowableCause.truncated(cause), ignored -> updated);
    }

    /** Whether the scheduled retrier should try this letter now. */
    static boolean isDue(DeadLetter<?> letter, Instant now) {
        if (isParked(letter)) {
            return false;
        }
        Object next = letter.diagnostics().get(NEXT_ATTEMPT);
        return next == null || !Instant.parse(next.toString()).isAfter(now);
    }

    static boolean isParked(DeadLetter<?> letter) {
        // a Boolean as written, or its text once the diagnostics have been through the store
        return "true".equals(String.valueOf(letter.diagnostics().get(PARKED)));
    }

    static int retriesOf(DeadLetter<?> letter) {
        Object retries = letter.diagnostics().get(RETRIES);
        return retries instanceof Number number ? number.intValue()
                : retries == null ? 0 : Integer.parseInt(retries.toString());
    }
}
