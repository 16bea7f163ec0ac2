package integration.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import integration.Acknowledgements;
import integration.BrokerPublisher;
import integration.Envelope;
import integration.Envelopes;
import io.lettuce.core.XAddArgs;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The {@code redis-publisher} processor: every stored event XADDed to the events stream (approximate MAXLEN), the
 * envelope's fields as the entry's fields. The XADDs of a batch are pipelined on one connection, which keeps their
 * order, and all must have returned before the batch commits.
 */
@Component
@ConditionalOnProperty(name = "eventshop.redis.enabled", havingValue = "true")
@ProcessingGroup(RedisPublisher.GROUP)
class RedisPublisher implements BrokerPublisher {

    static final String GROUP = "redis-publisher";
    static final String PUBLISHED = "eventshop.integration.published";

    private final RedisStreams redis;
    private final Envelopes envelopes;
    private final RedisSettings settings;
    private final MeterRegistry registry;

    RedisPublisher(RedisStreams redis, Envelopes envelopes, RedisSettings settings, MeterRegistry registry) {
        this.redis = redis;
        this.envelopes = envelopes;
        this.settings = settings;
        this.registry = registry;
    }

    @EventHandler
    void on(EventMessage<?> event) {
        Acknowledgements.awaitBeforeCommit(this, send(envelopes.of(event)));
    }

    @Override
    public CompletableFuture<?> send(Envelope envelope) {
        return redis.publishing().async()
                .xadd(settings.eventsStream(), XAddArgs.Builder.maxlen(settings.maxLen()).approximateTrimming(),
                        envelopes.toFields(envelope))
                .toCompletableFuture()
                .thenRun(() -> registry.counter(PUBLISHED, "broker", broker(), "eventType", envelope.eventType())
                        .increment());
    }

    @Override
    public String broker() {
        return "redis";
    }

    @Override
    public String processingGroup() {
        return GROUP;
    }

    @Override
    public Duration ackTimeout() {
        return settings.ackTimeout();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stream", settings.eventsStream());
        details.put("maxLen", settings.maxLen());
        return details;
    }
}
