package app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.IntegrationTest;
import app.StoredEvents;
import app.TestUsers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** Logging in with a configured user's name and password (HTTP Basic), and what the API asks of a login. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class BasicLoginIT {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer(CapturedOutput log) {
        ResponseEntity<String> wrongPassword = http.withBasicAuth(TestUsers.CUSTOMER_A, "not-the-password-1")
                .getForEntity("/api/products", String.class);
        ResponseEntity<String> unknownUser = http.withBasicAuth("nobody-" + UUID.randomUUID(), "not-the-password-2")
                .getForEntity("/api/products", String.class);

        assertThat(wrongPassword.getStatusCode().value()).isEqualTo(401);
        assertThat(unknownUser.getStatusCode().value()).isEqualTo(401);
        assertThat(wrongPassword.getBody()).as("the same words, whether the user exists or not")
                .isEqualTo(unknownUser.getBody())
                .contains("not valid");
        assertThat(wrongPassword.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(wrongPassword.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo(unknownUser.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
                .contains("Basic realm=\"eventshop\"");
        assertThat(log.getAll()).as("the log").doesNotContain("not-the-password-1", "not-the-password-2",
                TestUsers.CUSTOMER_A_PASSWORD, TestUsers.OPERATOR_PASSWORD);
    }

    /** The README's demo users: on the embedded default, and nowhere else (no default password in production). */
    @Test
    void theDemoUsersExistOnTheEmbeddedDefaultOnly() {
        boolean embedded = !environment.matchesProfiles("postgres");
        int operator = http.withBasicAuth("operator", "operator-demo")
                .getForEntity("/api/admin/processors", String.class).getStatusCode().value();
        int alice = http.withBasicAuth("alice", "alice-demo")
                .getForEntity("/api/customers/alice/stats", String.class).getStatusCode().value();
        int aliceOnBob = http.withBasicAuth("alice", "alice-demo")
                .getForEntity("/api/customers/bob/stats", String.class).getStatusCode().value();
        int bob = http.withBasicAuth("bob", "bob-demo")
                .getForEntity("/api/customers/bob/stats", String.class).getStatusCode().value();

        if (embedded) {
            assertThat(List.of(operator, alice, aliceOnBob, bob)).containsExactly(200, 200, 403, 200);
        } else {
            assertThat(List.of(operator, alice, aliceOnBob, bob)).containsOnly(401);
        }
    }

    @Test
    void theApiKeepsNoSession() {
        ResponseEntity<String> answer = TestUsers.asCustomerA(http).getForEntity("/api/products", String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getHeaders().get(HttpHeaders.SET_COOKIE)).as("no session cookie").isNull();
    }

    @Test
    void anOrderThatNamesNoCustomerIsForTheLogin() throws Exception {
        TestRestTemplate customer = TestUsers.asCustomerA(http);
        String productId = product();
        send(customer, HttpMethod.POST, "/api/accounts", "{\"customerId\": \"" + TestUsers.CUSTOMER_A
                + "\", \"initialDeposit\": 100}", null);

        ResponseEntity<String> placed = send(customer, HttpMethod.POST, "/api/orders",
                "{\"items\": [{\"productId\": \"" + productId + "\", \"quantity\": 1}]}", null);

        assertThat(placed.getStatusCode().value()).isEqualTo(202);
        String orderId = json.readTree(placed.getBody()).path("orderId").asText();
        JsonNode order = json.readTree(send(customer, HttpMethod.GET, "/api/orders/" + orderId, null, "wait=10")
                .getBody());
        assertThat(order.path("customerId").asText()).isEqualTo(TestUsers.CUSTOMER_A);
    }

    @Test
    void aCustomerCannotOrderForAnother() {
        StoredEvents events = new StoredEvents(jdbc);
        long before = events.head();
        String correlationId = "other-" + UUID.randomUUID();
        HttpHeaders headers = json(correlationId);

        ResponseEntity<String> refused = TestUsers.asCustomerA(http).exchange("/api/orders", HttpMethod.POST,
                new HttpEntity<>("{\"customerId\": \"" + TestUsers.CUSTOMER_B + "\", \"items\": [{\"productId\": \""
                        + product() + "\", \"quantity\": 1}]}", headers), String.class);

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(events.typesCorrelatedWith(correlationId, before)).as("nothing stored").isEmpty();
    }

    /**
     * A browser that logged in with Basic sends the login along with any request to this origin, also one that a
     * page of another site makes it send; it marks such a request with Sec-Fetch-Site.
     */
    @Test
    void aChangeSentFromAnotherSiteIsRefused() {
        StoredEvents events = new StoredEvents(jdbc);
        long before = events.head();
        String correlationId = "cross-site-" + UUID.randomUUID();
        HttpHeaders crossSite = json(correlationId);
        crossSite.set("Sec-Fetch-Site", "cross-site");

        ResponseEntity<String> write = http.exchange("/api/products", HttpMethod.POST, new HttpEntity<>(
                "{\"name\": \"Planted\", \"price\": 1.00, \"initialStock\": 1}", crossSite), String.class);
        ResponseEntity<String> read = http.exchange("/api/admin/processors", HttpMethod.GET,
                new HttpEntity<>(null, crossSite), String.class);

        assertThat(write.getStatusCode().value()).isEqualTo(403);
        assertThat(read.getStatusCode().value()).as("reading is harmless: the other site cannot see the answer")
                .isEqualTo(200);
        assertThat(events.typesCorrelatedWith(correlationId, before)).isEmpty();
    }

    private static HttpHeaders json(String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-Correlation-Id", correlationId);
        return headers;
    }

    @Test
    void healthIsOpenButItsDetailsAreForOperators() throws Exception {
        ResponseEntity<String> anonymous = TestUsers.anonymous(http).getForEntity("/actuator/health", String.class);
        ResponseEntity<String> customer = TestUsers.asCustomerA(http).getForEntity("/actuator/health", String.class);
        ResponseEntity<String> operator = http.getForEntity("/actuator/health", String.class);

        assertThat(anonymous.getStatusCode().value()).isEqualTo(200);
        assertThat(json.readTree(anonymous.getBody()).has("components")).as("details for anonymous").isFalse();
        assertThat(json.readTree(customer.getBody()).has("components")).as("details for a customer").isFalse();
        assertThat(json.readTree(operator.getBody()).path("components").has("db")).as("details for operators")
                .isTrue();
        assertThat(TestUsers.anonymous(http).getForEntity("/actuator/health/readiness", String.class)
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void metricsAndTheConsoleAreForOperators() {
        for (String path : List.of("/actuator/prometheus", "/console")) {
            ResponseEntity<String> anonymous = TestUsers.anonymous(http).getForEntity(path, String.class);
            assertThat(anonymous.getStatusCode().value()).as(path).isEqualTo(401);
            assertThat(anonymous.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).as("a browser asks for a login")
                    .contains("Basic realm=\"eventshop\"");
            assertThat(TestUsers.asCustomerA(http).getForEntity(path, String.class).getStatusCode().value()).as(path)
                    .isEqualTo(403);
        }
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void swaggerUiAndTheApiDocsAreOpenAndOfferBothLogins() throws Exception {
        TestRestTemplate anonymous = TestUsers.anonymous(http);
        assertThat(anonymous.getForEntity("/swagger-ui/index.html", String.class).getStatusCode().value())
                .isEqualTo(200);
        JsonNode docs = json.readTree(anonymous.getForEntity("/v3/api-docs", String.class).getBody());

        JsonNode schemes = docs.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearer").path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(docs.path("security").toString()).contains("\"basic\"", "\"bearer\"");
    }

    private String product() {
        String productId = "login-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send(http, HttpMethod.POST, "/api/products", "{\"productId\": \"" + productId
                + "\", \"name\": \"Login\", \"price\": 1.00, \"initialStock\": 100}", null).getStatusCode().value())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForEntity("/api/products/" + productId, Map.class).getStatusCode().value() == 200);
        return productId;
    }

    private static ResponseEntity<String> send(TestRestTemplate client, HttpMethod method, String path, String body,
                                               String prefer) {
        HttpHeaders headers = new HttpHeaders();
        if (body != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        if (prefer != null) {
            headers.set("Prefer", prefer);
        }
        return client.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }
}
