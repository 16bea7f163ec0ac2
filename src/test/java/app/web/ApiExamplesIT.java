package app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import app.EventshopApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Runs the OpenAPI document as a newcomer runs Swagger UI: every operation with its example values, tag after tag
 * in the document's order and path after path within a tag, on an application of its own (a fresh database). What
 * an operation needs and has no example for (the order id the placement made up) is taken from an earlier answer,
 * as a person would copy it.
 */
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "eventshop.test.application=api-examples")
class ApiExamplesIT {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    private final Map<String, String> learned = new HashMap<>();
    private final List<String> executed = new ArrayList<>();
    private final List<String> notExecutable = new ArrayList<>();

    @Test
    void theExamplesTellOneStoryThatEndsWithACompletedOrder() throws Exception {
        JsonNode api = json.readTree(http.getForObject("/v3/api-docs", String.class));
        List<String> tags = new ArrayList<>();
        api.get("tags").forEach(tag -> tags.add(tag.get("name").asText()));
        assertThat(tags).startsWith("Accounts", "Products", "Orders", "Customers", "Audit", "Operations");
        assertThat(freeFormWithoutExample(api, "#")).as("shown as additionalProp1 in Swagger UI").isEmpty();

        for (String tag : tags) {
            Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (String method : METHODS) {
                    JsonNode operation = path.getValue().get(method);
                    if (operation != null && operation.get("tags").get(0).asText().equals(tag)) {
                        execute(method, path.getKey(), operation);
                    }
                }
            }
        }

        assertThat(executed).as("every operation but one ran").hasSizeGreaterThanOrEqualTo(20);
        assertThat(notExecutable).as("evicting a dead letter needs one, and the story parks none; a relay replay needs"
                        + " a broker, and the embedded default switches none on")
                .containsExactlyInAnyOrder("DELETE /api/admin/dead-letters/{group}/{sequenceId}",
                        "POST /api/admin/relays/{broker}/replays", "GET /api/admin/relays/{broker}/replays/{id}");
        assertThat(learned).containsKey("orderId");
        JsonNode order = json.readTree(http.getForObject("/api/orders/" + learned.get("orderId"), String.class));
        assertThat(order.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(order.get("totalAmount").decimalValue()).isEqualByComparingTo("4980.00");
        assertThat(order.get("currency").asText()).isEqualTo("THB");
    }

    private static List<String> freeFormWithoutExample(JsonNode node, String where) {
        List<String> found = new ArrayList<>();
        if (node.isObject() && node.has("additionalProperties") && !node.has("example")) {
            found.add(where);
        }
        node.fields().forEachRemaining(field -> found.addAll(freeFormWithoutExample(field.getValue(),
                where + "/" + field.getKey())));
        return found;
    }

    private void execute(String method, String path, JsonNode operation) throws Exception {
        String name = method.toUpperCase() + " " + path;
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        Map<String, String> pathValues = new HashMap<>();
        HttpHeaders headers = new HttpHeaders();
        for (JsonNode parameter : operation.path("parameters")) {
            String parameterName = parameter.get("name").asText();
            String value = parameter.has("example") ? parameter.get("example").asText() : learned.get(parameterName);
            if (value == null) {
                if (parameter.path("required").asBoolean()) {
                    notExecutable.add(name);
                    return;
                }
                continue;
            }
            switch (parameter.get("in").asText()) {
                case "path" -> pathValues.put(parameterName, value);
                case "query" -> uri.queryParam(parameterName, value);
                case "header" -> headers.set(parameterName, value);
                default -> throw new AssertionError(name + ": parameter in " + parameter.get("in"));
            }
        }
        String body = null;
        JsonNode content = operation.path("requestBody").path("content").path("application/json");
        if (!content.isMissingNode()) {
            JsonNode example = content.has("example") ? content.get("example")
                    : content.path("examples").elements().next().get("value");
            body = json.writeValueAsString(example);
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        boolean stream = operation.path("responses").path("200").path("content").has("text/event-stream");
        if (stream) {
            headers.setAccept(List.of(MediaType.TEXT_EVENT_STREAM));
        }
        String url = uri.buildAndExpand(pathValues).toUriString();
        HttpEntity<String> request = new HttpEntity<>(body, headers);

        // Reads follow the writes a moment behind, as the document says: a person would retry a 404 too.
        ResponseEntity<String> answer = await(name).atMost(Duration.ofSeconds(30))
                .until(() -> http.exchange(url, HttpMethod.valueOf(method.toUpperCase()), request, String.class),
                        response -> !(method.equals("get") && response.getStatusCode().value() == 404));
        assertThat(answer.getStatusCode().is2xxSuccessful()).as(name + " answered " + answer.getStatusCode() + ": "
                + answer.getBody()).isTrue();
        executed.add(name);
        if (stream) {
            assertThat(answer.getBody()).as(name + " ends with the completed order")
                    .contains("\"status\":\"COMPLETED\"");
        } else if (answer.getBody() != null && answer.getBody().startsWith("{")) {
            JsonNode answered = json.readTree(answer.getBody());
            answered.fields().forEachRemaining(field -> {
                if (field.getValue().isTextual()) {
                    learned.putIfAbsent(field.getKey(), field.getValue().asText());
                }
            });
        }
    }
}
