package app.axon;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PacedEventStoreTest {

    /** Counts the reads of the store's reader (a tracking read from a token). */
    private static final class CountedReads extends InMemoryEventStorageEngine {

        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            reads.incrementAndGet();
            return super.readEvents(trackingToken, mayBlock);
        }
    }

    private final CountedReads engine = new CountedReads();
    private final AtomicReference<Thread> reader = new AtomicReference<>();
    private EmbeddedEventStore store;

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aCommitAfterAQuietSpellIsReadAtOnceAndTheCommitsRightAfterItWaitForTheInterval() throws Exception {
        store = paced(Duration.ofSeconds(60));
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            assertThat(stream.hasNextAvailable()).isFalse();

            store.publish(GenericEventMessage.asEventMessage("first"));
            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).as("read at once").isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            // Axon's reader looks once more right after a read that found events; commits made before that look
            // would be found by it, not by a wake-up. Only once it waits for a wake-up is the pacing what is tested.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> reader.get() != null && reader.get().getState() == Thread.State.TIMED_WAITING);
            store.publish(GenericEventMessage.asEventMessage("second"));
            store.publish(GenericEventMessage.asEventMessage("third"));

            assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).as("not read before the interval is over")
                    .isFalse();
        }
    }

    @Test
    void manyCommitsWithinTheIntervalAreReadTogether() throws Exception {
        store = paced(Duration.ofMillis(300));
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            assertThat(stream.hasNextAvailable()).isFalse();
            int readsBefore = engine.reads.get();

            for (int i = 0; i < 20; i++) {
                store.publish(GenericEventMessage.asEventMessage("event " + i));
            }
            List<Object> received = new ArrayList<>();
            while (received.size() < 20 && stream.hasNextAvailable(10, TimeUnit.SECONDS)) {
                received.add(stream.nextAvailable().getPayload());
            }

            assertThat(received).hasSize(20).startsWith("event 0").endsWith("event 19");
            assertThat(engine.reads.get() - readsBefore)
                    .as("reads for twenty commits: the first at once, the rest together, each followed by the"
                            + " reader's look for more")
                    .isLessThanOrEqualTo(6);
        }
    }

    @Test
    void theEventsTheReaderDroppedLinkToNothingAndAStreamLeftOnOneStillReceivesEveryEventInOrder() throws Exception {
        store = paced(Duration.ofMillis(10), 5);
        try (BlockingStream<TrackedEventMessage<?>> prompt = store.openStream(null);
             BlockingStream<TrackedEventMessage<?>> laggard = store.openStream(null)) {
            // both read the store until they have caught up, then follow the reader's list
            assertThat(prompt.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(laggard.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse();
            store.publish(GenericEventMessage.asEventMessage("event 0"));
            assertThat(read(prompt, 1)).containsExactly("event 0");
            assertThat(read(laggard, 1)).containsExactly("event 0");
            Object first = readerList("oldest", store);
            ((PacedEventStore) store).unlinkDroppedEvents();

            for (int i = 1; i < 50; i++) {
                store.publish(GenericEventMessage.asEventMessage("event " + i));
            }
            assertThat(read(prompt, 49)).hasSize(49).endsWith("event 49");
            ((PacedEventStore) store).unlinkDroppedEvents();
            assertThat(readerList("next", first)).as("dropped and unlinked").isNull();

            assertThat(read(laggard, 49)).hasSize(49).startsWith("event 1").endsWith("event 49");
        }
    }

    private static List<Object> read(BlockingStream<TrackedEventMessage<?>> stream, int events)
            throws InterruptedException {
        List<Object> read = new ArrayList<>();
        while (read.size() < events && stream.hasNextAvailable(10, TimeUnit.SECONDS)) {
            read.add(stream.nextAvailable().getPayload());
        }
        return read;
    }

    /** A field of Axon's list of the reader's events (of the store, or of one of its entries). */
    private static Object readerList(String field, Object owner) throws ReflectiveOperationException {
        Class<?> type = owner instanceof EmbeddedEventStore ? EmbeddedEventStore.class : owner.getClass();
        Field declared = type.getDeclaredField(field);
        declared.setAccessible(true);
        return declared.get(owner);
    }

    private EmbeddedEventStore paced(Duration interval) {
        return paced(interval, 10_000);
    }

    private EmbeddedEventStore paced(Duration interval, int cachedEvents) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder().storageEngine(engine)
                .cachedEvents(cachedEvents)
                .fetchDelay(30_000)
                .threadFactory(task -> {
                    Thread thread = new Thread(task, "paced-store-reader");
                    thread.setDaemon(true);
                    reader.set(thread);
                    return thread;
                });
        return new PacedEventStore(builder, interval);
    }
}
