package app.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The operations of an OpenAPI document, each with a request that is valid in form: path and query parameters from
 * a table of known-good values by name, the body from the operation's example or, without one, from its schema.
 */
final class OpenApiWalk {

    record Parameter(String name, String in, boolean required, String type) {
    }

    record Operation(String method, String path, List<Parameter> parameters, JsonNode body, boolean bodyRequired) {

        List<Parameter> in(String where) {
            return parameters.stream().filter(parameter -> parameter.in().equals(where)).toList();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApiWalk() {
    }

    static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    parameters.add(new Parameter(parameter.path("name").asText(), parameter.path("in").asText(),
                            parameter.path("required").asBoolean(false),
                            parameter.path("schema").path("type").asText("string")));
                }
                operations.add(new Operation(method.toUpperCase(), path.getKey(), parameters,
                        body(document, operation.path("requestBody")),
                        operation.path("requestBody").path("required").asBoolean(false)));
            }
        }
        return operations;
    }

    private static JsonNode body(JsonNode document, JsonNode requestBody) {
        if (requestBody.isMissingNode()) {
            return null;
        }
        JsonNode content = requestBody.path("content").path("application/json");
        for (JsonNode example : content.path("examples")) {
            JsonNode value = example.path("value");
            return value.isTextual() ? parse(value.asText()) : value;
        }
        if (content.has("example")) {
            return content.get("example");
        }
        return fromSchema(document, content.path("schema"));
    }

    private static JsonNode fromSchema(JsonNode document, JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            return fromSchema(document, document.path("components").path("schemas").path(name));
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (schema.has("example")) {
            return schema.get("example");
        }
        return switch (schema.path("type").asText("object")) {
            case "string" -> "date-time".equals(schema.path("format").asText())
                    ? nodes.textNode("2020-01-01T00:00:00Z") : nodes.textNode("x");
            case "integer", "number" -> nodes.numberNode(1);
            case "boolean" -> nodes.booleanNode(true);
            case "array" -> {
                ArrayNode array = nodes.arrayNode();
                array.add(fromSchema(document, schema.path("items")));
                yield array;
            }
            default -> {
                ObjectNode object = nodes.objectNode();
                schema.path("properties").fields().forEachRemaining(property ->
                        object.set(property.getKey(), fromSchema(document, property.getValue())));
                yield object;
            }
        };
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception malformed) {
            throw new IllegalStateException("Example is not JSON: " + text, malformed);
        }
    }
}
