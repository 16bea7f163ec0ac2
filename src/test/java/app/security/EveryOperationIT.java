package app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import app.IntegrationTest;
import app.TestUsers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Walks every operation of {@code /v3/api-docs} and checks who may call it: nobody without logging in (401), a
 * customer on their own data, never on another customer's (403, or 404 for an order, with no data in the answer),
 * an operator always. An operation without a rule here fails the walk, so no new endpoint goes unchecked.
 */
@IntegrationTest
class EveryOperationIT {

    /** A customer's own data: their id and an order of theirs that has completed. */
    record Party(String customerId, String orderId) {
    }

    record Shop(String productId, Party a, Party b) {
    }

    record Call(HttpMethod method, String path, String body) {
    }

    /** {@code customers}: may customers call it at all; {@code aboutCustomer}: is it about one customer's data. */
    record Rule(Function<Party, Call> call, boolean customers, boolean aboutCustomer, int allowed) {
    }

    @Autowired
    TestRestTemplate http;

    private final ObjectMapper reader = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyDocumentedOperationHasARuleThatHolds() throws Exception {
        Shop shop = openShop();
        Map<String, Rule> rules = rules(shop);
        Set<String> documented = documentedOperations();

        assertThat(new TreeSet<>(rules.keySet())).as("every documented operation has a rule, and only those")
                .isEqualTo(documented);
        return documented.stream().map(operation -> DynamicTest.dynamicTest(operation,
                () -> check(operation, rules.get(operation), shop)));
    }

    private Map<String, Rule> rules(Shop shop) {
        String product = shop.productId();
        Map<String, Rule> rules = new LinkedHashMap<>();
        // Opening an account that exists is a 409: the request got past the rules to the account.
        rules.put("POST /api/accounts", own(p -> post("/api/accounts",
                "{\"customerId\": \"" + p.customerId() + "\"}"), 409));
        rules.put("POST /api/accounts/{customerId}/deposits", own(p -> post("/api/accounts/" + p.customerId()
                + "/deposits", "{\"amount\": 1.00}"), 200));
        rules.put("POST /api/accounts/{customerId}/withdrawals", own(p -> post("/api/accounts/" + p.customerId()
                + "/withdrawals", "{\"amount\": 0.01}"), 200));
        rules.put("GET /api/accounts/{customerId}", own(p -> get("/api/accounts/" + p.customerId()), 200));
        rules.put("POST /api/products", operator(p -> post("/api/products",
                "{\"name\": \"Walked\", \"price\": 2.00, \"initialStock\": 1}"), 201));
        rules.put("POST /api/products/{productId}/restock", operator(p -> post("/api/products/" + product
                + "/restock", "{\"quantity\": 1}"), 200));
        rules.put("GET /api/products", anyone(p -> get("/api/products"), 200));
        rules.put("GET /api/products/{productId}", anyone(p -> get("/api/products/" + product), 200));
        rules.put("POST /api/orders", own(p -> post("/api/orders", "{\"customerId\": \"" + p.customerId()
                + "\", \"items\": [{\"productId\": \"" + product + "\", \"quantity\": 1}]}"), 202));
        rules.put("GET /api/orders", own(p -> get("/api/orders?customerId=" + p.customerId()), 200));
        rules.put("GET /api/orders/{orderId}", own(p -> get("/api/orders/" + p.orderId()), 200));
        rules.put("GET /api/orders/{orderId}/updates", own(p -> get("/api/orders/" + p.orderId() + "/updates"), 200));
        rules.put("GET /api/orders/stats", operator(p -> get("/api/orders/stats"), 200));
        rules.put("GET /api/customers/{customerId}/stats", own(p -> get("/api/customers/" + p.customerId()
                + "/stats"), 200));
        rules.put("GET /api/events", operator(p -> get("/api/events?aggregateId=" + p.orderId()), 200));
        rules.put("GET /api/admin/processors", operator(p -> get("/api/admin/processors"), 200));
        rules.put("GET /api/admin/processors/{name}", operator(p -> get("/api/admin/processors/order-summary"), 200));
        // From now on: the tables are kept, so the replay disturbs none of the other checks.
        rules.put("POST /api/admin/processors/{name}/replay", operator(p -> post(
                "/api/admin/processors/customer-stats/replay", "{\"from\": \"" + Instant.now() + "\"}"), 202));
        rules.put("GET /api/admin/dead-letters", operator(p -> get("/api/admin/dead-letters"), 200));
        rules.put("POST /api/admin/dead-letters/{group}/retry", operator(p -> post(
                "/api/admin/dead-letters/order-summary/retry", null), 200));
        // No such sequence: the 404 comes from the endpoint, past the rules.
        rules.put("DELETE /api/admin/dead-letters/{group}/{sequenceId}", operator(p -> new Call(HttpMethod.DELETE,
                "/api/admin/dead-letters/order-summary/no-such-sequence", null), 404));
        rules.put("GET /api/admin/relays", operator(p -> get("/api/admin/relays"), 200));
        // The brokers are off in this application: the 409 and the 404 come from the endpoint, past the rules.
        rules.put("POST /api/admin/relays/{broker}/replays", operator(p -> post("/api/admin/relays/kafka/replays",
                "{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-01-02T00:00:00Z\"}"), 409));
        rules.put("GET /api/admin/relays/{broker}/replays/{id}", operator(p -> get(
                "/api/admin/relays/kafka/replays/no-such-replay"), 404));
        return rules;
    }

    private void check(String operation, Rule rule, Shop shop) throws Exception {
        Call own = rule.call().apply(shop.a());

        ResponseEntity<String> anonymous = send(TestUsers.anonymous(http), own);
        assertThat(anonymous.getStatusCode().value()).as(operation + " without logging in").isEqualTo(401);
        assertThat(anonymous.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).as(operation + " challenges")
                .anyMatch(challenge -> challenge.startsWith("Basic"));
        assertNoData(operation + " without logging in", anonymous);

        TestRestTemplate customer = TestUsers.asCustomerA(http);
        ResponseEntity<String> asCustomer = send(customer, own);
        if (rule.customers()) {
            assertThat(asCustomer.getStatusCode().value()).as(operation + " by a customer on their own data")
                    .isEqualTo(rule.allowed());
        } else {
            assertThat(asCustomer.getStatusCode().value()).as(operation + " by a customer").isEqualTo(403);
            assertNoData(operation + " by a customer", asCustomer);
        }
        if (rule.aboutCustomer()) {
            Call othersCall = rule.call().apply(shop.b());
            ResponseEntity<String> others = send(customer, othersCall);
            assertThat(others.getStatusCode().value()).as(operation + " by a customer on another's data")
                    .isIn(403, 404);
            assertNoData(operation + " by a customer on another's data", others);
            if (!(othersCall.path() + othersCall.body()).contains(shop.b().customerId())) {
                assertThat(others.getBody()).as(operation + " does not say whose it is")
                        .doesNotContain(shop.b().customerId());
            }
        }

        ResponseEntity<String> asOperator = send(http, rule.call().apply(shop.a()));
        assertThat(asOperator.getStatusCode().value()).as(operation + " by an operator").isEqualTo(rule.allowed());
    }

    /** A refusal is a problem+json with nothing but the problem's own fields. */
    private void assertNoData(String what, ResponseEntity<String> response) throws Exception {
        assertThat(response.getHeaders().getContentType()).as(what).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode body = reader.readTree(response.getBody());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(what).isSubsetOf("type", "title", "status", "detail", "instance");
    }

    private Set<String> documentedOperations() throws Exception {
        ResponseEntity<String> docs = TestUsers.anonymous(http).getForEntity("/v3/api-docs", String.class);
        assertThat(docs.getStatusCode().value()).as("the API docs are open").isEqualTo(200);
        Set<String> operations = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = reader.readTree(docs.getBody()).path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        assertThat(operations).as("the walk found the API").hasSizeGreaterThan(10);
        return operations;
    }

    /** Two customers with an account and a completed order each, placed by themselves. */
    private Shop openShop() {
        String productId = "walk-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send(http, post("/api/products", "{\"productId\": \"" + productId
                + "\", \"name\": \"Walk\", \"price\": 1.00, \"initialStock\": 1000}")).getStatusCode().value())
                .isEqualTo(201);
        return new Shop(productId, party(TestUsers.asCustomerA(http), TestUsers.CUSTOMER_A, productId),
                party(TestUsers.asCustomerB(http), TestUsers.CUSTOMER_B, productId));
    }

    private Party party(TestRestTemplate customer, String customerId, String productId) {
        assertThat(send(customer, post("/api/accounts", "{\"customerId\": \"" + customerId
                + "\", \"initialDeposit\": 1000}")).getStatusCode().value()).isIn(201, 409);
        ResponseEntity<String> placed = send(customer, post("/api/orders",
                "{\"items\": [{\"productId\": \"" + productId + "\", \"quantity\": 1}]}"));
        assertThat(placed.getStatusCode().value()).isEqualTo(202);
        String orderId = placed.getHeaders().getLocation().getPath().replace("/api/orders/", "");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ResponseEntity<String> order = send(http, get("/api/orders/" + orderId));
            return order.getStatusCode().value() == 200 && reader.readTree(order.getBody()).path("status").asText()
                    .equals("COMPLETED");
        });
        return new Party(customerId, orderId);
    }

    private static Rule own(Function<Party, Call> call, int allowed) {
        return new Rule(call, true, true, allowed);
    }

    private static Rule anyone(Function<Party, Call> call, int allowed) {
        return new Rule(call, true, false, allowed);
    }

    private static Rule operator(Function<Party, Call> call, int allowed) {
        return new Rule(call, false, false, allowed);
    }

    private static Call get(String path) {
        return new Call(HttpMethod.GET, path, null);
    }

    private static Call post(String path, String body) {
        return new Call(HttpMethod.POST, path, body);
    }

    private static ResponseEntity<String> send(TestRestTemplate client, Call call) {
        HttpHeaders headers = new HttpHeaders();
        if (call.body() != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM,
                MediaType.APPLICATION_PROBLEM_JSON));
        return client.exchange(call.path(), call.method(), new HttpEntity<>(call.body(), headers), String.class);
    }
}
