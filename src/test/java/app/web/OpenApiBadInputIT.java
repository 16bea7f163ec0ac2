package app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import app.IntegrationTest;
import app.RawHttp;
import app.StoredEvents;
import app.web.OpenApiWalk.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Walks the OpenAPI document, so that a new endpoint is covered by itself, and sends every operation bad input of
 * each kind: broken path encodings, bad query values, oversized and broken headers, bad Content-Length, a compressed
 * or garbage content type, and bodies that are malformed, doubled, trailed, mistyped, out of range or carry text no
 * reader of the event store can take. Each answer must be a 4xx problem+json, and no request may store an event.
 */
@IntegrationTest
class OpenApiBadInputIT {

    static final String CUSTOMER = "walk-customer";
    static final List<String> PRODUCTS = List.of("walk-product-1", "walk-product-2");
    /** The body field that names the resource a collection's POST creates: a fresh id each time. */
    static final Map<String, String> CREATED_ID = Map.of("/api/accounts", "customerId", "/api/products", "productId");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean seeded;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    private final String run = "walk-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger sent = new AtomicInteger();

    record Answer(int status, String contentType, String body) {
    }

    @BeforeEach
    void customerAndProducts() {
        if (seeded) {
            return;
        }
        post("/api/accounts", "{\"customerId\":\"" + CUSTOMER + "\",\"initialDeposit\":1000000}");
        for (String product : PRODUCTS) {
            post("/api/products", "{\"productId\":\"" + product + "\",\"name\":\"Walk\",\"price\":1,\"initialStock\":100000}");
        }
        seeded = true;
    }

    @Test
    void everyOperationRefusesBadInputWithProblemJsonAndStoresNothing() {
        StoredEvents events = new StoredEvents(jdbc);
        long before = events.head();
        List<Operation> operations = operations();
        List<String> failures = new ArrayList<>();

        for (Operation operation : operations) {
            BadRequests.forPath(operation, this::pathValue).forEach((what, path) ->
                    check(failures, operation, what, raw(operation, path, query(operation), body(operation))));
            BadRequests.forQuery(operation, this::queryValue).forEach((what, query) ->
                    check(failures, operation, what, viaTemplate(operation, query, body(operation), MediaType.APPLICATION_JSON_VALUE)));
            BadRequests.forHeaders(operation.body() != null).forEach((what, headers) ->
                    check(failures, operation, what, raw(operation, path(operation), query(operation), body(operation), headers)));
            if (operation.body() != null) {
                BadRequests.forBody(substituted(operation), operation.bodyRequired()).forEach((what, body) ->
                        check(failures, operation, what, viaTemplate(operation, query(operation), body, MediaType.APPLICATION_JSON_VALUE)));
            }
        }

        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(15);
        assertThat(sent.get()).as("bad requests sent").isGreaterThan(500);
        assertThat(failures).as("answers that are not a 4xx problem+json").isEmpty();
        assertThat(events.typesCorrelatedWith(run, before)).as("events stored by bad requests").isEmpty();
    }

    /** The walk changes one thing at a time in a request that is otherwise accepted, as these show. */
    @Test
    void theRequestsTheWalkStartsFromAreAccepted() {
        List<String> refused = new ArrayList<>();
        for (Operation operation : operations()) {
            if (operation.body() == null || operation.path().startsWith("/api/admin")) {
                continue;
            }
            Answer answer = viaTemplate(operation, query(operation), substituted(operation).toString(),
                    MediaType.APPLICATION_JSON_VALUE);
            if (answer.status() / 100 != 2) {
                refused.add(operation + " -> " + answer);
            }
        }
        assertThat(refused).isEmpty();
    }

    // read with a plain mapper: the application's own refuses control characters, which descriptions may hold
    private List<Operation> operations() {
        try {
            return OpenApiWalk.operations(JSON.readTree(http.getForObject("/v3/api-docs", String.class)));
        } catch (java.io.IOException unreadable) {
            throw new AssertionError(unreadable);
        }
    }

    private void check(List<String> failures, Operation operation, String what, Answer answer) {
        String problem = problemIn(answer);
        if (problem != null) {
            failures.add(operation + " with " + what + ": " + problem + " -> " + answer.status() + " "
                    + answer.contentType() + " " + abbreviate(answer.body()));
        }
    }

    private static String problemIn(Answer answer) {
        if (answer.status() < 400 || answer.status() >= 500) {
            return "not a 4xx";
        }
        if (answer.contentType() == null || !answer.contentType().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
            return "not problem+json";
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            for (String field : List.of("type", "title", "status", "detail")) {
                if (!body.hasNonNull(field)) {
                    return "no " + field;
                }
            }
            return body.get("status").asInt() == answer.status() ? null : "status field differs";
        } catch (Exception notJson) {
            return "body is not JSON";
        }
    }

    private Answer viaTemplate(Operation operation, String query, String body, String contentType) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Correlation-Id", run + "-" + sent.incrementAndGet());
        headers.setAccept(List.of(MediaType.ALL));
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        if (bytes != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        }
        URI uri = URI.create(http.getRootUri() + path(operation) + (query.isEmpty() ? "" : "?" + query));
        ResponseEntity<String> response = http.exchange(
                new RequestEntity<>(bytes, headers, HttpMethod.valueOf(operation.method()), uri), String.class);
        MediaType type = response.getHeaders().getContentType();
        return new Answer(response.getStatusCode().value(), type == null ? null : type.toString(), response.getBody());
    }

    private Answer raw(Operation operation, String path, String query, String body, String... extraHeaders) {
        List<String> headers = new ArrayList<>(List.of("X-Correlation-Id: " + run + "-" + sent.incrementAndGet(),
                "Accept: */*"));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        boolean setsLength = false;
        for (String header : extraHeaders) {
            setsLength |= header.regionMatches(true, 0, "Content-Length", 0, 14);
            headers.add(header);
        }
        if (body != null && List.of(extraHeaders).stream().noneMatch(h -> h.regionMatches(true, 0, "Content-Type", 0, 12))) {
            headers.add("Content-Type: application/json");
        }
        if (!setsLength && body != null) {
            headers.add("Content-Length: " + bytes.length);
        }
        RawHttp.Answer answer = new RawHttp(port).send(operation.method() + " " + path
                + (query.isEmpty() ? "" : "?" + query) + " HTTP/1.1", setsLength ? new byte[0] : bytes,
                headers.toArray(String[]::new));
        return new Answer(answer.status(), answer.header("Content-Type"), answer.body());
    }

    private String path(Operation operation) {
        return BadRequests.fill(operation, this::pathValue);
    }

    private String pathValue(String name) {
        return switch (name) {
            case "customerId" -> CUSTOMER;
            case "productId" -> PRODUCTS.get(0);
            case "orderId" -> UUID.randomUUID().toString();
            case "name", "group" -> "order-summary";
            default -> "x";
        };
    }

    private String query(Operation operation) {
        return BadRequests.query(operation, this::queryValue, null, null);
    }

    private String queryValue(String name) {
        return switch (name) {
            case "limit" -> "10";
            case "aggregateId" -> "account-" + CUSTOMER;
            default -> pathValue(name);
        };
    }

    private String body(Operation operation) {
        return operation.body() == null ? null : substituted(operation).toString();
    }

    /** The operation's example body with ids that exist here, and a fresh id where the operation creates one. */
    private JsonNode substituted(Operation operation) {
        String created = "POST".equals(operation.method()) ? CREATED_ID.get(operation.path()) : null;
        return BadRequests.mapIds(operation.body(), (field, index) -> {
            if (field.equals(created)) {
                return "walk-" + UUID.randomUUID();
            }
            return switch (field) {
                case "customerId" -> CUSTOMER;
                case "productId" -> PRODUCTS.get(Math.min(index, PRODUCTS.size() - 1));
                default -> null;
            };
        });
    }

    private void post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> answer = http.exchange(path, HttpMethod.POST,
                new org.springframework.http.HttpEntity<>(body, headers), String.class);
        assertThat(answer.getStatusCode().value()).as(path + " " + answer.getBody()).isIn(201, 409);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }


}
