package app.axon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, whose reader reads the store at most once per {@code interval}. The reader serves every
 * processor that has caught up, and Axon wakes it after each local commit that appended events: under load that was
 * a read, and so a transaction, for nearly every commit (about two and a half per order). Here a commit that comes
 * within {@code interval} of the last wake-up wakes the reader when the interval is over instead, once for all the
 * commits in between. A commit after a quiet spell still wakes it at once, so the pacing costs nothing at low load;
 * under load a processor waits up to {@code interval} longer for an event (the saga once per step).
 */
final class PacedEventStore extends EmbeddedEventStore {

    private final long intervalNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-store-pacer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong lastWake;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();

    PacedEventStore(Builder builder, Duration interval) {
        super(builder);
        this.intervalNanos = interval.toNanos();
        this.lastWake = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        long now = System.nanoTime();
        long last = lastWake.get();
        long wait = last + intervalNanos - now;
        if (wait <= 0 && lastWake.compareAndSet(last, now)) {
            super.afterCommit(events);
        } else if (wakeScheduled.compareAndSet(false, true)) {
            timer.schedule(() -> {
                wakeScheduled.set(false);
                lastWake.set(System.nanoTime());
                super.afterCommit(List.of());
            }, Math.max(wait, 0), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void shutDown() {
        timer.shutdownNow();
        super.shutDown();
    }
}
