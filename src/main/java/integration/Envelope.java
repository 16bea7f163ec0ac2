package integration;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One stored event as it leaves for a broker: the audit envelope plus the type of the aggregate that stored it.
 * {@code version} is the aggregate's sequence number, {@code eventType} the payload's simple name, with
 * {@code @<revision>} where the event has one ({@code MoneyDeposited@2}).
 */
public record Envelope(String eventId, String eventType, String aggregateType, String aggregateId, long version,
                       Instant timestamp, JsonNode data, Map<String, Object> metadata) {
}
