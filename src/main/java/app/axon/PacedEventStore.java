package app.axon;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's embedded event store, whose reader reads the store at most once per {@code interval}. The reader serves every
 * processor that has caught up, and Axon wakes it after each local commit that appended events: under load that was
 * a read, and so a transaction, for nearly every commit (about two and a half per order). Here a commit that comes
 * within {@code interval} of the last wake-up wakes the reader when the interval is over instead, once for all the
 * commits in between. A commit after a quiet spell still wakes it at once, so the pacing costs nothing at low load;
 * under load a processor waits up to {@code interval} longer for an event (the saga once per step).
 * <p>
 * The reader keeps the events it last read for the processors as a linked list, and drops the eldest by moving the
 * list's start past them, each dropped event still linked to the next. Once a young collection had promoted one of
 * them (which survivor space overflow does sooner or later), that dead event in the old generation kept every later
 * one reachable for the young collections until the old generation itself was collected: all events were copied and
 * promoted, 5 to 6 MB per young collection at 100 orders/s (benchmark/NOTES.md, ninth round). So every
 * {@link #UNLINK_PERIOD} the events dropped since are unlinked here. Axon keeps its list private, so it is reached by
 * reflection; should a later Axon change it, the unlinking stops with a warning and nothing else changes. A processor
 * still on a dropped event finds none after it and reads the store itself, as Axon has it do whenever one falls
 * behind the list.
 */
final class PacedEventStore extends EmbeddedEventStore {

    static final Duration UNLINK_PERIOD = Duration.ofMillis(500);
    private static final Logger logger = LoggerFactory.getLogger(PacedEventStore.class);

    private final long intervalNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-store-pacer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong lastWake;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final DroppedEvents dropped;

    PacedEventStore(Builder builder, Duration interval) {
        super(builder);
        this.intervalNanos = interval.toNanos();
        this.lastWake = new AtomicLong(System.nanoTime() - intervalNanos);
        this.dropped = DroppedEvents.reach();
        long period = UNLINK_PERIOD.toNanos();
        timer.scheduleWithFixedDelay(this::unlinkDroppedEvents, period, period, TimeUnit.NANOSECONDS);
    }

    /** Unlinks the events dropped from the reader's list since the last time (every {@link #UNLINK_PERIOD}). */
    void unlinkDroppedEvents() {
        if (dropped != null) {
            dropped.unlink(this);
        }
    }

    /** The private parts of Axon's list of the reader's events that the unlinking needs. */
    private static final class DroppedEvents {

        private final Field start;
        private final Field next;
        private final Field index;
        /** Where the list started when last unlinked: the events from here to its start now are dropped. */
        private Object unlinkedUpTo;
        private boolean failed;

        private DroppedEvents(Field start, Field next, Field index) {
            this.start = start;
            this.next = next;
            this.index = index;
        }

        static DroppedEvents reach() {
            try {
                Class<?> node = Class.forName(EmbeddedEventStore.class.getName() + "$Node");
                Field start = EmbeddedEventStore.class.getDeclaredField("oldest");
                Field next = node.getDeclaredField("next");
                Field index = node.getDeclaredField("index");
                start.setAccessible(true);
                next.setAccessible(true);
                index.setAccessible(true);
                return new DroppedEvents(start, next, index);
            } catch (ReflectiveOperationException | RuntimeException e) {
                logger.warn("Cannot unlink the events the event store's reader drops (Axon's list changed): {}",
                        e.toString());
                return null;
            }
        }

        synchronized void unlink(EmbeddedEventStore store) {
            if (failed) {
                return;
            }
            try {
                Object first = start.get(store);
                Object node = unlinkedUpTo;
                while (first != null && node != null && node != first && index.getLong(node) < index.getLong(first)) {
                    Object following = next.get(node);
                    next.set(node, null);
                    node = following;
                }
                unlinkedUpTo = first;
            } catch (ReflectiveOperationException | RuntimeException e) {
                failed = true;
                logger.warn("Stopped unlinking the events the event store's reader drops: {}", e.toString());
            }
        }
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
