package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bad input of many kinds at the command endpoints: each gets a 4xx problem+json that says what is wrong, and no
 * event carrying the request's correlation id is ever stored.
 */
@IntegrationTest
class BadInputIT {

    static final String EXISTING_ACCOUNT = "bad-input-account";
    static final String EXISTING_PRODUCT = "bad-input-product";

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void existingAccountAndProduct() {
        send("/api/accounts", "{\"customerId\":\"" + EXISTING_ACCOUNT + "\",\"initialDeposit\":100}",
                MediaType.APPLICATION_JSON, null, "setup-" + UUID.randomUUID());
        send("/api/products", "{\"productId\":\"" + EXISTING_PRODUCT + "\",\"name\":\"Thing\",\"price\":5,\"initialStock\":5}",
                MediaType.APPLICATION_JSON, null, "setup-" + UUID.randomUUID());
    }

    static Stream<Arguments> badRequests() {
        String longId = "x".repeat(65);
        return Stream.of(
                bad("malformed JSON", "/api/accounts", "{\"customerId\": \"a\",", 400),
                bad("empty body", "/api/accounts", "", 400),
                bad("array instead of object", "/api/accounts", "[1,2]", 400),
                invalid("missing customerId", "/api/accounts", "{\"initialDeposit\": 10}", 400),
                invalid("customerId too long", "/api/accounts", "{\"customerId\": \"" + longId + "\"}", 400),
                invalid("injection string as id", "/api/accounts", "{\"customerId\": \"x'; drop table domain_event_entry; --\"}", 400),
                bad("deposit as text", "/api/accounts", "{\"customerId\": \"a1\", \"initialDeposit\": \"lots\"}", 400),
                invalid("negative initial deposit", "/api/accounts", "{\"customerId\": \"a2\", \"initialDeposit\": -5}", 400),
                bad("unknown field", "/api/accounts", "{\"customerId\": \"a3\", \"admin\": true}", 400),
                invalid("zero deposit", "/api/accounts/" + EXISTING_ACCOUNT + "/deposits", "{\"amount\": 0}", 400),
                invalid("negative deposit", "/api/accounts/" + EXISTING_ACCOUNT + "/deposits", "{\"amount\": -1}", 400),
                invalid("fraction of a satang", "/api/accounts/" + EXISTING_ACCOUNT + "/deposits", "{\"amount\": 1.001}", 400),
                invalid("absurdly large amount", "/api/accounts/" + EXISTING_ACCOUNT + "/deposits", "{\"amount\": 1e20}", 400),
                invalid("amount missing", "/api/accounts/" + EXISTING_ACCOUNT + "/withdrawals", "{}", 400),
                invalid("bad id in path", "/api/accounts/" + longId + "/deposits", "{\"amount\": 1}", 400),
                bad("withdrawal beyond balance", "/api/accounts/" + EXISTING_ACCOUNT + "/withdrawals", "{\"amount\": 100.01}", 422),
                bad("duplicate account", "/api/accounts", "{\"customerId\": \"" + EXISTING_ACCOUNT + "\"}", 409),
                invalid("negative price", "/api/products", "{\"name\": \"n\", \"price\": -1, \"initialStock\": 1}", 400),
                invalid("name too long", "/api/products", "{\"name\": \"" + "n".repeat(201) + "\", \"price\": 1, \"initialStock\": 1}", 400),
                invalid("blank name", "/api/products", "{\"name\": \"  \", \"price\": 1, \"initialStock\": 1}", 400),
                invalid("negative stock", "/api/products", "{\"name\": \"n\", \"price\": 1, \"initialStock\": -1}", 400),
                bad("fractional stock", "/api/products", "{\"name\": \"n\", \"price\": 1, \"initialStock\": 1.5}", 400),
                bad("stock as string", "/api/products", "{\"name\": \"n\", \"price\": 1, \"initialStock\": \"7\"}", 400),
                bad("duplicate product", "/api/products", "{\"productId\": \"" + EXISTING_PRODUCT + "\", \"name\": \"n\", \"price\": 1, \"initialStock\": 1}", 409),
                invalid("zero restock", "/api/products/" + EXISTING_PRODUCT + "/restock", "{\"quantity\": 0}", 400),
                bad("restock of unknown product", "/api/products/nope-" + UUID.randomUUID() + "/restock", "{\"quantity\": 1}", 404),
                Arguments.of("stale If-Match", "/api/products/" + EXISTING_PRODUCT + "/restock", "{\"quantity\": 1}",
                        MediaType.APPLICATION_JSON, "\"999\"", 409, false),
                Arguments.of("garbage If-Match", "/api/accounts/" + EXISTING_ACCOUNT + "/deposits", "{\"amount\": 1}",
                        MediaType.APPLICATION_JSON, "yesterday", 400, false),
                Arguments.of("not JSON at all", "/api/accounts", "customerId=a", MediaType.TEXT_PLAIN, null, 415, false));
    }

    private static Arguments bad(String what, String path, String body, int status) {
        return Arguments.of(what, path, body, MediaType.APPLICATION_JSON, null, status, false);
    }

    /** Bad values in well-formed JSON: the answer lists the fields at fault. */
    private static Arguments invalid(String what, String path, String body, int status) {
        return Arguments.of(what, path, body, MediaType.APPLICATION_JSON, null, status, true);
    }

    @ParameterizedTest(name = "{0} -> {5}")
    @MethodSource("badRequests")
    void isRefusedWithProblemAndChangesNothing(String what, String path, String body, MediaType type,
                                               String ifMatch, int expectedStatus, boolean namesFields) {
        StoredEvents events = new StoredEvents(jdbc);
        long before = events.head();
        String correlationId = "bad-" + UUID.randomUUID();

        ResponseEntity<Map> response = send(path, body, type, ifMatch, correlationId);

        assertThat(response.getStatusCode().value()).as(what).isEqualTo(expectedStatus);
        assertThat(response.getHeaders().getContentType()).as(what).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).as(what)
                .containsKeys("type", "title", "status", "detail")
                .containsEntry("status", expectedStatus);
        if (namesFields) {
            assertThat(response.getBody()).as(what + " names the fields at fault").containsKey("errors");
        }
        assertThat(events.typesCorrelatedWith(correlationId, before)).as(what).isEmpty();
    }

    /** The check above would see an event written by a refused request: a good one is found by the same look-up. */
    @Test
    void acceptedRequestIsFoundByItsCorrelationId() {
        StoredEvents events = new StoredEvents(jdbc);
        long before = events.head();
        String correlationId = "good-" + UUID.randomUUID();

        ResponseEntity<Map> response = send("/api/accounts/" + EXISTING_ACCOUNT + "/deposits", "{\"amount\": 1}",
                MediaType.APPLICATION_JSON, null, correlationId);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getFirst("X-Correlation-Id")).isEqualTo(correlationId);
        assertThat(events.typesCorrelatedWith(correlationId, before)).containsExactly("payments.api.MoneyDeposited");
    }

    private ResponseEntity<Map> send(String path, String body, MediaType type, String ifMatch, String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        headers.set("X-Correlation-Id", correlationId);
        if (ifMatch != null) {
            headers.set(HttpHeaders.IF_MATCH, ifMatch);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), Map.class);
    }
}
