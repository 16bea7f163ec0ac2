package query.api;

import java.time.Instant;
import java.util.Map;

/** One stored event in the audit envelope; {@code eventType} is the payload's simple class name. */
public record StoredEvent(String eventId, String eventType, String aggregateId, long version, Instant timestamp,
                          Object data, Map<String, Object> metadata) {
}
