package app.operations;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every {@code eventshop.dead-letters.retry-interval} tries the dead letters whose backoff has passed. It starts after
 * the event processors and stops before them.
 */
final class DeadLetterRetrier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetrier.class);

    private final DeadLetters deadLetters;
    private final Duration interval;
    private ScheduledExecutorService executor;

    DeadLetterRetrier(DeadLetters deadLetters, Duration interval) {
        this.deadLetters = deadLetters;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dead-letter-retrier");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::retryDueLetters, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void retryDueLetters() {
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

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Axon's event processors start in a phase of {@code Integer.MAX_VALUE / 2}; this starts after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 + 1;
    }
}
