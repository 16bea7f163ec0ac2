package app.operations;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Background work done again and again on a daemon thread of its own, from after Axon's event processors start
 * (their phase is {@code Integer.MAX_VALUE / 2}) until before they stop. A round that throws is logged, and the next
 * round comes all the same: an executor would otherwise stop repeating silently.
 */
public abstract class RepeatingTask implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration firstDelay;
    private final Duration interval;
    private ScheduledExecutorService executor;

    protected RepeatingTask(String name, Duration firstDelay, Duration interval) {
        this.name = name;
        this.firstDelay = firstDelay;
        this.interval = interval;
    }

    /** One round of the work. */
    protected abstract void runOnce();

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runSafely, firstDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException failed) {
            log.warn("{} failed; trying again in {}", name, interval, failed);
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

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 + 1;
    }
}
