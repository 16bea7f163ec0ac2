package integration;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Operators' replays of a window of stored events to a broker, beside the live publisher (which goes on from its own
 * token). A replay reads the store from the first event stored at or after {@code from} up to the head as it was
 * when the replay started, sends the events stored in {@code [from, to)} of the chosen types, marked as replays, and
 * waits for the broker's acknowledgements in batches. Replays are kept in memory (a restart forgets them).
 */
@Component
public class RelayReplays implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RelayReplays.class);
    private static final int BATCH = 200;

    private final EventStore eventStore;
    private final Envelopes envelopes;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Replay> replays = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relay-replays");
        thread.setDaemon(true);
        return thread;
    });

    RelayReplays(EventStore eventStore, Envelopes envelopes) {
        this.eventStore = eventStore;
        this.envelopes = envelopes;
    }

    /** Starts a replay in the background; the window and the types have been checked. */
    public Replay start(BrokerPublisher publisher, Instant from, Instant to, Set<String> eventTypes) {
        Replay replay = new Replay(UUID.randomUUID().toString(), publisher.broker(), from, to,
                new TreeSet<>(eventTypes), clock.instant());
        replays.put(replay.id, replay);
        executor.submit(() -> run(replay, publisher));
        return replay;
    }

    public Optional<Replay> find(String broker, String id) {
        return Optional.ofNullable(replays.get(id)).filter(replay -> replay.broker.equals(broker));
    }

    private void run(Replay replay, BrokerPublisher publisher) {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null || head.position().isEmpty()) {
            replay.finish(null);
            return;
        }
        TrackingToken start = eventStore.createTokenAt(replay.from);
        List<CompletableFuture<?>> batch = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start)) {
            while (stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                if (event.trackingToken().position().orElse(Long.MAX_VALUE) > head.position().orElse(0)) {
                    break;
                }
                replay.scanned.incrementAndGet();
                if (inWindow(replay, event)) {
                    batch.add(publisher.send(envelopes.replayOf(event, clock.instant())));
                    if (batch.size() >= BATCH) {
                        flush(batch, replay, publisher);
                    }
                }
                if (event.trackingToken().position().orElse(0) >= head.position().orElse(0)) {
                    break;
                }
            }
            flush(batch, replay, publisher);
            replay.finish(null);
            log.info("Replayed {} events to {} ({} to {})", replay.published.get(), replay.broker, replay.from,
                    replay.to);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            replay.finish("interrupted");
        } catch (RuntimeException failed) {
            log.warn("Replay {} to {} failed after {} events", replay.id, replay.broker, replay.published.get(),
                    failed);
            replay.finish(failed.getMessage());
        }
    }

    private static boolean inWindow(Replay replay, TrackedEventMessage<?> event) {
        Instant at = event.getTimestamp();
        return !at.isBefore(replay.from) && at.isBefore(replay.to)
                && (replay.eventTypes.isEmpty()
                || replay.eventTypes.contains(event.getPayloadType().getSimpleName()));
    }

    private static void flush(List<CompletableFuture<?>> batch, Replay replay, BrokerPublisher publisher) {
        Acknowledgements.await(batch, publisher);
        replay.published.addAndGet(batch.size());
        batch.clear();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    /** One replay and its progress. */
    public static final class Replay {

        final String id;
        final String broker;
        final Instant from;
        final Instant to;
        final Set<String> eventTypes;
        final Instant startedAt;
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong published = new AtomicLong();
        volatile boolean done;
        volatile Instant finishedAt;
        volatile String error;

        Replay(String id, String broker, Instant from, Instant to, Set<String> eventTypes, Instant startedAt) {
            this.id = id;
            this.broker = broker;
            this.from = from;
            this.to = to;
            this.eventTypes = eventTypes;
            this.startedAt = startedAt;
        }

        void finish(String failure) {
            error = failure;
            finishedAt = Instant.now();
            done = true;
        }

        public String id() {
            return id;
        }

        public Progress progress() {
            return new Progress(id, broker, from, to, eventTypes, startedAt, scanned.get(), published.get(), done,
                    finishedAt, error);
        }
    }

    /** {@code scanned}: stored events read so far; {@code published}: those sent and acknowledged. */
    public record Progress(String id, String broker, Instant from, Instant to, Set<String> eventTypes,
                           Instant startedAt, long scanned, long published, boolean done, Instant finishedAt,
                           String error) {
    }
}
