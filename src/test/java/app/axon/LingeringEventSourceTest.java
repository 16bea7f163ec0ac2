package app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LingeringEventSourceTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aCaughtUpReaderTakesTheEventsThatCameWhileItLingeredInOneBatch() throws Exception {
        LingeringEventSource source = new LingeringEventSource(store, Duration.ofSeconds(2));
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            assertThat(stream.hasNextAvailable()).isFalse();
            // the first event comes once the reader waits for it (had it come before, there would be no waiting
            // and so no linger); the second well after the first, but within the linger
            Thread reader = Thread.currentThread();
            Thread writer = new Thread(() -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);
                store.publish(GenericEventMessage.asEventMessage("first"));
                sleep(200);
                store.publish(GenericEventMessage.asEventMessage("second"));
            });
            writer.start();

            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();

            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            assertThat(stream.hasNextAvailable()).as("the second event joined the batch").isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");
            writer.join();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aReaderThatFindsNothingWithinItsWaitIsToldSo() throws Exception {
        LingeringEventSource source = new LingeringEventSource(store, Duration.ofSeconds(2));
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            assertThat(stream.hasNextAvailable(50, TimeUnit.MILLISECONDS)).isFalse();
        }
    }

    /** What a replay relies on to stop a caught-up processor at once, not when its wait would have ended. */
    @Test
    void aWakeUpEndsTheWaitsUnderWayAndNotTheNextOnes() throws Exception {
        LingeringEventSource source = new LingeringEventSource(store, Duration.ofSeconds(2));
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            Thread reader = Thread.currentThread();
            Thread waker = new Thread(() -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);
                source.wakeWaiting();
            });
            waker.start();
            long started = System.nanoTime();

            assertThat(stream.hasNextAvailable(60, TimeUnit.SECONDS)).as("an event, after the wake-up").isFalse();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited").isLessThan(Duration.ofSeconds(30));
            waker.join();
            Thread writer = new Thread(() -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);
                sleep(300);
                store.publish(GenericEventMessage.asEventMessage("later"));
            });
            writer.start();
            assertThat(stream.hasNextAvailable(60, TimeUnit.SECONDS)).as("the next wait goes on until the event")
                    .isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("later");
            writer.join();
        }
    }

    @Test
    void noLingerReadsTheStoreAsItIs() {
        LingeringEventSource source = new LingeringEventSource(store, Duration.ZERO);
        store.publish(GenericEventMessage.asEventMessage("only"));
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(source.createHeadToken()).isEqualTo(store.createHeadToken());
        }
    }
}
