package integration;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * "This stock arrived", as a warehouse system sends it: {@code {messageId, productId, quantity, receivedAt}}, as a
 * JSON object on Kafka and as stream fields on Redis. A message that does not read as one is poison: no retry can fix
 * it.
 */
public record StockArrival(String messageId, String productId, int quantity, Instant receivedAt) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static StockArrival fromJson(String value) {
        if (value == null) {
            throw new PoisonMessage("The message has no value.");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException notJson) {
            throw new PoisonMessage("The message is not JSON: " + notJson.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new PoisonMessage("The message is not a JSON object.");
        }
        Map<String, String> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode fieldValue = field.getValue();
            if ("quantity".equals(field.getKey()) && !fieldValue.isIntegralNumber()) {
                throw new PoisonMessage("quantity must be a whole number.");
            }
            fields.put(field.getKey(), fieldValue.isValueNode() ? fieldValue.asText() : fieldValue.toString());
        }
        return fromFields(fields);
    }

    public static StockArrival fromFields(Map<String, String> fields) {
        String messageId = required(fields, "messageId");
        String productId = required(fields, "productId");
        if (!ID.matcher(messageId).matches() || !ID.matcher(productId).matches()) {
            throw new PoisonMessage("messageId and productId must be 1 to 64 letters, digits, '-' or '_'.");
        }
        int quantity;
        try {
            quantity = Integer.parseInt(required(fields, "quantity"));
        } catch (NumberFormatException notWhole) {
            throw new PoisonMessage("quantity must be a whole number from 1.");
        }
        if (quantity < 1) {
            throw new PoisonMessage("quantity must be a whole number from 1, not " + quantity + ".");
        }
        Instant receivedAt;
        try {
            receivedAt = Instant.parse(required(fields, "receivedAt"));
        } catch (DateTimeParseException notInstant) {
            throw new PoisonMessage("receivedAt must be an ISO-8601 instant such as 2026-01-31T12:00:00Z.");
        }
        return new StockArrival(messageId, productId, quantity, receivedAt);
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank() || "null".equals(value)) {
            throw new PoisonMessage(name + " is missing.");
        }
        return value;
    }
}
