package integration;

import java.util.Map;

/**
 * One message read back from a broker with a plain client, decoded from the envelope; {@code rawData} is the text
 * that carried {@code data} (the whole Kafka value, the Redis field).
 */
record Published(String eventId, String eventType, String aggregateType, String aggregateId, long version,
                 String timestamp, Map<String, Object> data, Map<String, Object> metadata, String rawData) {

    boolean isReplay() {
        return Boolean.TRUE.equals(metadata.get("isReplay"));
    }
}
