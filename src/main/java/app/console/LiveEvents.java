package app.console;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Newly stored events for the console's live feed. One reader follows the event store from its head while anyone
 * watches (committed events of every instance, in store order) and hands each event to the watchers whose filter
 * it passes; it stops when the last watcher leaves. A watcher that has gone is dropped.
 */
@Component
class LiveEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final EventStore eventStore;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private Thread reader;
    private volatile boolean closed = true;

    LiveEvents(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** {@code type} and {@code aggregateId} narrow the feed when given (exact event type, exact aggregate id). */
    SseEmitter watch(String type, String aggregateId, Duration timeout) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Watcher watcher = new Watcher(emitter, blankToNull(type), blankToNull(aggregateId));
        emitter.onCompletion(() -> watchers.remove(watcher));
        emitter.onTimeout(() -> watchers.remove(watcher));
        emitter.onError(error -> watchers.remove(watcher));
        synchronized (this) {
            if (closed) {
                emitter.complete();
                return emitter;
            }
            watchers.add(watcher);
            if (reader == null) {
                BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(eventStore.createHeadToken());
                reader = new Thread(() -> follow(stream), "console-live-events");
                reader.setDaemon(true);
                reader.start();
            }
        }
        // only now: every event stored from here on reaches this watcher
        watcher.send(SseEmitter.event().name("ready").data(Map.of("at", Instant.now())));
        return emitter;
    }

    private void follow(BlockingStream<TrackedEventMessage<?>> opened) {
        long lastSent = System.nanoTime();
        try (BlockingStream<TrackedEventMessage<?>> stream = opened) {
            while (!closed && keepReading()) {
                if (stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                    broadcast(envelope(stream.nextAvailable()));
                    lastSent = System.nanoTime();
                } else if (System.nanoTime() - lastSent > KEEP_ALIVE.toNanos()) {
                    watchers.forEach(watcher -> watcher.send(SseEmitter.event().comment("keep-alive")));
                    lastSent = System.nanoTime();
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failure) {
            log.warn("The live event feed stopped reading the event store", failure);
            watchers.forEach(watcher -> watcher.emitter().completeWithError(failure));
            watchers.clear();
            synchronized (this) {
                reader = null;
            }
        }
    }

    /** Stops the reader when nobody watches; a watcher arriving at the same moment starts a new one. */
    private synchronized boolean keepReading() {
        if (watchers.isEmpty()) {
            reader = null;
            return false;
        }
        return true;
    }

    private void broadcast(LiveEvent event) {
        for (Watcher watcher : watchers) {
            if (watcher.wants(event)) {
                watcher.send(SseEmitter.event().name("stored").id(Long.toString(event.position())).data(event,
                        MediaType.APPLICATION_JSON));
            }
        }
    }

    private LiveEvent envelope(TrackedEventMessage<?> event) {
        long position = event.trackingToken() == null ? -1 : event.trackingToken().position().orElse(-1);
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
        return new LiveEvent(position, event.getIdentifier(),
                event.getPayloadType().getSimpleName(), domain == null ? null : domain.getAggregateIdentifier(),
                domain == null ? null : domain.getSequenceNumber(), event.getTimestamp(), event.getPayload(),
                new TreeMap<>(event.getMetaData()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public void start() {
        closed = false;
    }

    /**
     * Ends every open feed before the web server's graceful shutdown, which would otherwise wait for these
     * never-ending requests (stop runs from the highest phase down, and this one is the highest).
     */
    @Override
    public void stop() {
        closed = true;
        watchers.forEach(watcher -> watcher.emitter().complete());
        watchers.clear();
    }

    @Override
    public boolean isRunning() {
        return !closed;
    }

    private final class Watcher {

        private final SseEmitter emitter;
        private final String type;
        private final String aggregateId;

        Watcher(SseEmitter emitter, String type, String aggregateId) {
            this.emitter = emitter;
            this.type = type;
            this.aggregateId = aggregateId;
        }

        SseEmitter emitter() {
            return emitter;
        }

        boolean wants(LiveEvent event) {
            return (type == null || type.equalsIgnoreCase(event.eventType()))
                    && (aggregateId == null || aggregateId.equals(event.aggregateId()));
        }

        void send(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException gone) {
                watchers.remove(this);
            }
        }
    }

    /**
     * A stored event in the audit envelope, with its position in the store; {@code aggregateId} and {@code version}
     * are null for an event that belongs to no aggregate.
     */
    record LiveEvent(long position, String eventId, String eventType, String aggregateId, Long version,
                     Instant timestamp, Object data, Map<String, Object> metadata) {
    }
}
