package app.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import app.EventshopApplication;
import app.StoredEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Writes of every kind run concurrently while the database connections break under them. Every answer is checked
 * against the store afterwards: a 2xx only for what is stored, otherwise a 503 problem+json with Retry-After that
 * says "not stored" only when nothing was, and a retry with the same Idempotency-Key answers what is stored.
 */
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseFaultsIT {

    static final String APPLICATION = "eventshop-faults-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BUYER = "faults-buyer";
    static final String ITEM = "faults-item";
    static final Set<String> FINAL = Set.of("orders.api.OrderCompleted", "orders.api.OrderCancelled");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HikariDataSource dataSource;

    private final AtomicInteger requests = new AtomicInteger();

    enum Kind { ACCOUNT, PRODUCT, ORDER, DEPOSIT }

    record Attempt(Kind kind, String key, String body, String correlationId, int status, String contentType,
                   String retryAfter, JsonNode answer) {

        boolean succeeded() {
            return status / 100 == 2;
        }

        String outcome() {
            return answer == null ? null : answer.path("outcome").asText(null);
        }
    }

    /** The application's connections carry a name of their own on PostgreSQL, so that only they are terminated. */
    @DynamicPropertySource
    static void applicationName(DynamicPropertyRegistry registry) {
        if (System.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:")) {
            registry.add("spring.datasource.hikari.data-source-properties.ApplicationName", () -> APPLICATION);
        }
    }

    @Test
    void everyAnswerUnderBrokenConnectionsAgreesWithTheStore() throws Exception {
        assertThat(send(Kind.ACCOUNT, "seed-" + UUID.randomUUID(),
                "{\"customerId\":\"" + BUYER + "\",\"initialDeposit\":100000000}").status()).isEqualTo(201);
        assertThat(send(Kind.PRODUCT, "seed-" + UUID.randomUUID(),
                "{\"productId\":\"" + ITEM + "\",\"name\":\"Item\",\"price\":1,\"initialStock\":10000000}").status())
                .isEqualTo(201);
        long before = new StoredEvents(jdbc).head();

        List<Attempt> attempts = underOutage(Duration.ofSeconds(8), worker -> {
            Kind kind = Kind.values()[worker % Kind.values().length];
            return send(kind, kind == Kind.DEPOSIT ? null : "k-" + UUID.randomUUID(), bodyFor(kind));
        });
        await().atMost(Duration.ofSeconds(60)).until(() ->
                http.getForEntity("/actuator/health/readiness", String.class).getStatusCode().is2xxSuccessful());

        List<Attempt> retries = new ArrayList<>();
        for (Attempt attempt : attempts) {
            if (attempt.key() != null) {
                retries.addAll(retriedWhileUnavailable(attempt));
            }
        }

        Map<String, List<StoredEvent>> stored = eventsByCorrelation(before);
        List<String> wrong = new ArrayList<>();
        for (Attempt attempt : attempts) {
            wrong.addAll(mismatches(attempt, stored.getOrDefault(attempt.correlationId(), List.of())));
        }
        for (Attempt retry : retries) {
            wrong.addAll(mismatches(retry, stored.getOrDefault(retry.correlationId(), List.of())));
            if (retry.status() != 503 && !retry.succeeded()) {
                wrong.add("retry after the outage not accepted: " + retry);
            }
        }
        wrong.addAll(oneResourcePerKey(attempts, retries, stored));

        assertThat(attempts.stream().filter(attempt -> attempt.status() == 503)).as("503 answers").isNotEmpty();
        assertThat(attempts.stream().filter(Attempt::succeeded)).as("accepted writes").isNotEmpty();
        assertThat(wrong).isEmpty();

        List<String> orders = retries.stream().filter(retry -> retry.kind() == Kind.ORDER && retry.succeeded())
                .map(retry -> retry.answer().path("orderId").asText()).distinct().toList();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(orders)
                .allSatisfy(orderId -> assertThat(new StoredEvents(jdbc).typesOfAggregate(orderId))
                        .anyMatch(FINAL::contains)));
        // every event processor got over the broken connections by itself: none stopped in its error state
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                http.getForObject("/api/admin/processors", JsonNode.class).findValues("error"))
                .allSatisfy(error -> assertThat(error.asBoolean()).isFalse()));
    }

    /**
     * Sends the attempt again with its key, as a client would: again after a 503 (a pooled connection that broke in
     * the outage fails one request before the pool replaces it), until it is answered.
     */
    private List<Attempt> retriedWhileUnavailable(Attempt attempt) {
        List<Attempt> tries = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).until(() -> {
            Attempt retry = send(attempt.kind(), attempt.key(), attempt.body());
            tries.add(retry);
            return retry.status() != 503;
        });
        return tries;
    }

    private List<Attempt> underOutage(Duration length, java.util.function.IntFunction<Attempt> write) throws Exception {
        List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + length.toNanos();
        ExecutorService writers = Executors.newFixedThreadPool(6);
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        try (DatabaseOutage outage = DatabaseOutage.of(dataSource, APPLICATION)) {
            for (int writer = 0; writer < 6; writer++) {
                int first = writer;
                writers.submit(() -> {
                    for (int i = first; System.nanoTime() < end; i += 6) {
                        attempts.add(write.apply(i));
                    }
                });
            }
            // Breaks come from the second second for half the run, every 300 ms (each one new on PostgreSQL).
            faults.scheduleAtFixedRate(outage::strike, 1000, 300, TimeUnit.MILLISECONDS);
            faults.schedule(() -> faults.shutdown(), length.toMillis() / 2 + 1000, TimeUnit.MILLISECONDS);
            assertThat(faults.awaitTermination(length.toSeconds() + 30, TimeUnit.SECONDS)).isTrue();
        } finally {
            faults.shutdownNow();
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        return new ArrayList<>(attempts);
    }

    private List<String> mismatches(Attempt attempt, List<StoredEvent> ofAttempt) {
        List<String> wrong = new ArrayList<>();
        String created = createdType(attempt.kind());
        long stored = ofAttempt.stream().filter(event -> event.type().equals(created)).count();
        if (attempt.succeeded()) {
            boolean found = attempt.kind() == Kind.DEPOSIT ? stored == 1 : resourceOf(attempt) != null
                    && new StoredEvents(jdbc).typesOfAggregate(aggregateOf(attempt.kind(), resourceOf(attempt)))
                    .contains(created);
            if (!found) {
                wrong.add("2xx without a stored result: " + attempt);
            }
        } else if (attempt.status() != 503) {
            wrong.add("neither 2xx nor 503: " + attempt);
        } else if (attempt.contentType() == null || !attempt.contentType().startsWith("application/problem+json")
                || attempt.retryAfter() == null) {
            wrong.add("503 without problem+json and Retry-After: " + attempt);
        } else if ("not-stored".equals(attempt.outcome()) && stored > 0) {
            wrong.add("said not stored, but stored: " + attempt);
        } else if (!Set.of("not-stored", "unknown").contains(String.valueOf(attempt.outcome()))) {
            wrong.add("503 that does not say what was stored: " + attempt);
        }
        return wrong;
    }

    /** Whatever happened to the tries with one key, exactly one resource came of it, and every 2xx named it. */
    private List<String> oneResourcePerKey(List<Attempt> attempts, List<Attempt> retries,
                                           Map<String, List<StoredEvent>> stored) {
        List<String> wrong = new ArrayList<>();
        Map<String, List<Attempt>> byKey = new java.util.HashMap<>();
        for (Attempt attempt : attempts) {
            if (attempt.key() != null) {
                byKey.computeIfAbsent(attempt.key(), key -> new ArrayList<>()).add(attempt);
            }
        }
        for (Attempt retry : retries) {
            byKey.get(retry.key()).add(retry);
        }
        byKey.forEach((key, tries) -> {
            String created = createdType(tries.get(0).kind());
            List<String> resources = tries.stream()
                    .flatMap(attempt -> stored.getOrDefault(attempt.correlationId(), List.of()).stream())
                    .filter(event -> event.type().equals(created))
                    .map(StoredEvent::aggregateId).toList();
            Set<String> answered = tries.stream().filter(Attempt::succeeded)
                    .map(attempt -> aggregateOf(attempt.kind(), resourceOf(attempt))).collect(Collectors.toSet());
            if (resources.size() != 1 || !answered.equals(Set.copyOf(resources))) {
                wrong.add("key " + key + " stored " + resources + " but answered " + answered + ": " + tries);
            }
        });
        return wrong;
    }

    private Attempt send(Kind kind, String key, String body) {
        String correlationId = APPLICATION + "-" + requests.incrementAndGet();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-Correlation-Id", correlationId);
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        String path = switch (kind) {
            case ACCOUNT -> "/api/accounts";
            case PRODUCT -> "/api/products";
            case ORDER -> "/api/orders";
            case DEPOSIT -> "/api/accounts/" + BUYER + "/deposits";
        };
        ResponseEntity<String> response = http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers),
                String.class);
        JsonNode answer = null;
        try {
            answer = response.getBody() == null ? null : JSON.readTree(response.getBody());
        } catch (Exception notJson) {
            // recorded as no answer: a 2xx without one fails the check
        }
        MediaType type = response.getHeaders().getContentType();
        return new Attempt(kind, key, body, correlationId, response.getStatusCode().value(),
                type == null ? null : type.toString(), response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), answer);
    }

    private static String bodyFor(Kind kind) {
        return switch (kind) {
            case ACCOUNT -> "{\"customerId\":\"f-" + UUID.randomUUID() + "\",\"initialDeposit\":10}";
            // no productId: the server makes it, so only a stored answer can tell a retry which one it was
            case PRODUCT -> "{\"name\":\"Made under faults\",\"price\":2,\"initialStock\":5}";
            case ORDER -> "{\"customerId\":\"" + BUYER + "\",\"items\":[{\"productId\":\"" + ITEM + "\",\"quantity\":1}]}";
            case DEPOSIT -> "{\"amount\":1}";
        };
    }

    private static String createdType(Kind kind) {
        return switch (kind) {
            case ACCOUNT -> "payments.api.AccountOpened";
            case PRODUCT -> "inventory.api.ProductAdded";
            case ORDER -> "orders.api.OrderCreated";
            case DEPOSIT -> "payments.api.MoneyDeposited";
        };
    }

    private static String resourceOf(Attempt attempt) {
        if (attempt.answer() == null) {
            return null;
        }
        String field = switch (attempt.kind()) {
            case ACCOUNT, DEPOSIT -> "customerId";
            case PRODUCT -> "productId";
            case ORDER -> "orderId";
        };
        return attempt.answer().path(field).asText(null);
    }

    private static String aggregateOf(Kind kind, String id) {
        return switch (kind) {
            case ACCOUNT, DEPOSIT -> "account-" + id;
            case PRODUCT -> "product-" + id;
            case ORDER -> id;
        };
    }

    record StoredEvent(String aggregateId, String type) {
    }

    private Map<String, List<StoredEvent>> eventsByCorrelation(long after) {
        Map<String, List<StoredEvent>> events = new java.util.HashMap<>();
        jdbc.query("select aggregate_identifier, payload_type, meta_data from domain_event_entry where global_index > ?",
                row -> {
                    try {
                        String correlationId = JSON.readTree(new String(row.getBytes("meta_data"), StandardCharsets.UTF_8))
                                .path("correlationId").asText();
                        events.computeIfAbsent(correlationId, id -> new ArrayList<>()).add(
                                new StoredEvent(row.getString("aggregate_identifier"), row.getString("payload_type")));
                    } catch (java.io.IOException unreadable) {
                        throw new IllegalStateException(unreadable);
                    }
                }, after);
        return events;
    }
}
