package integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What sends envelopes to one broker: the live publisher processor and operators' replays use the same path. */
public interface BrokerPublisher {

    /** {@code kafka} or {@code redis}, as in {@code /api/admin/relays/{broker}}. */
    String broker();

    /** The tracking processor that publishes every stored event to this broker. */
    String processingGroup();

    /** Sends without waiting; the future completes once the broker has acknowledged the message. */
    CompletableFuture<?> send(Envelope envelope);

    /** How long to wait for a broker's acknowledgement before the batch counts as failed. */
    Duration ackTimeout();

    /** Where the events go and what waits in the dead letters, for the relays' status. */
    Map<String, Object> details();
}
