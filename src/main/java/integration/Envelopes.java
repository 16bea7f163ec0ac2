package integration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/** Turns a stored event into the envelope both brokers carry, as JSON (Kafka) or as stream fields (Redis). */
@Component
public class Envelopes {

    public static final String IS_REPLAY = "isReplay";
    public static final String ORIGINAL_TIMESTAMP = "originalTimestamp";
    public static final String REPLAY_TIMESTAMP = "replayTimestamp";

    private final ObjectMapper json;

    /**
     * The HTTP mapper's settings, with amounts kept exactly as stored: by default a JSON tree would turn 10.00 into
     * 1E+1.
     */
    public Envelopes(ObjectMapper json) {
        this.json = json.copy()
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** {@code aggregateType} is the type the aggregate stored the event under (its class name). */
    public Envelope of(EventMessage<?> event) {
        String aggregateType = null;
        String aggregateId = null;
        long version = 0;
        if (event instanceof DomainEventMessage<?> domain) {
            aggregateType = domain.getType();
            aggregateId = domain.getAggregateIdentifier();
            version = domain.getSequenceNumber();
        }
        return new Envelope(event.getIdentifier(), EventTypes.nameOf(event.getPayloadType()), aggregateType,
                aggregateId, version, event.getTimestamp(), json.valueToTree(event.getPayload()),
                new TreeMap<>(event.getMetaData()));
    }

    /** The same event re-published by an operator's replay, marked as such. */
    public Envelope replayOf(EventMessage<?> event, Instant replayedAt) {
        Envelope original = of(event);
        Map<String, Object> metadata = new TreeMap<>(original.metadata());
        metadata.put(IS_REPLAY, true);
        metadata.put(ORIGINAL_TIMESTAMP, original.timestamp().toString());
        metadata.put(REPLAY_TIMESTAMP, replayedAt.toString());
        return new Envelope(original.eventId(), original.eventType(), original.aggregateType(),
                original.aggregateId(), original.version(), original.timestamp(), original.data(), metadata);
    }

    public String toJson(Envelope envelope) {
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("Cannot write the envelope of " + envelope.eventId(), impossible);
        }
    }

    /** A stream entry: the envelope's fields, with {@code data} and {@code metadata} as JSON strings. */
    public Map<String, String> toFields(Envelope envelope) {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("eventId", envelope.eventId());
            fields.put("eventType", envelope.eventType());
            if (envelope.aggregateType() != null) {
                fields.put("aggregateType", envelope.aggregateType());
                fields.put("aggregateId", envelope.aggregateId());
            }
            fields.put("version", Long.toString(envelope.version()));
            fields.put("timestamp", envelope.timestamp().toString());
            fields.put("data", json.writeValueAsString(envelope.data()));
            fields.put("metadata", json.writeValueAsString(envelope.metadata()));
            return fields;
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("Cannot write the envelope of " + envelope.eventId(), impossible);
        }
    }
}
