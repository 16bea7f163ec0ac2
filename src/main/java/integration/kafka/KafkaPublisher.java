package integration.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import app.axon.MessageMetadata;
import integration.Acknowledgements;
import integration.BrokerPublisher;
import integration.Envelope;
import integration.Envelopes;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code kafka-publisher} processor: every stored event to the events topic, keyed by aggregate id (so one
 * aggregate's events stay in one partition, in order), with the envelope as JSON and its type, id, correlation and
 * source as headers. The producer is idempotent with {@code acks=all} (application.yml).
 */
@Component
@ConditionalOnProperty(name = "eventshop.kafka.enabled", havingValue = "true")
@ProcessingGroup(KafkaPublisher.GROUP)
class KafkaPublisher implements BrokerPublisher {

    static final String GROUP = "kafka-publisher";
    static final String PUBLISHED = "eventshop.integration.published";

    private final KafkaTemplate<String, String> kafka;
    private final Envelopes envelopes;
    private final KafkaSettings settings;
    private final MeterRegistry registry;

    KafkaPublisher(KafkaTemplate<String, String> kafka, Envelopes envelopes, KafkaSettings settings,
                   MeterRegistry registry) {
        this.kafka = kafka;
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
        ProducerRecord<String, String> record = new ProducerRecord<>(settings.eventsTopic(), envelope.aggregateId(),
                envelopes.toJson(envelope));
        header(record, "eventType", envelope.eventType());
        header(record, "eventId", envelope.eventId());
        header(record, MessageMetadata.CORRELATION_ID, envelope.metadata().get(MessageMetadata.CORRELATION_ID));
        header(record, MessageMetadata.SOURCE, envelope.metadata().get(MessageMetadata.SOURCE));
        return kafka.send(record).thenRun(() -> registry.counter(PUBLISHED, "broker", broker(),
                "eventType", envelope.eventType()).increment());
    }

    private static void header(ProducerRecord<String, String> record, String name, Object value) {
        if (value != null) {
            record.headers().add(new RecordHeader(name, value.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public String broker() {
        return "kafka";
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
        details.put("topic", settings.eventsTopic());
        return details;
    }
}
