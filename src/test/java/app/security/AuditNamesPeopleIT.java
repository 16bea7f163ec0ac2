package app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.IntegrationTest;
import app.TestUsers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The audit trail says who asked: every event an order caused, the saga's included, names the customer who placed it. */
@IntegrationTest
class AuditNamesPeopleIT {

    @Autowired
    TestRestTemplate http;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyEventOfACustomersOrderAndItsSagaNamesTheCustomer() throws Exception {
        TestRestTemplate customer = TestUsers.asCustomerA(http);
        String productId = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        String productCorrelation = "audit-product-" + UUID.randomUUID();
        String orderCorrelation = "audit-order-" + UUID.randomUUID();
        post(http, "/api/products", "{\"productId\": \"" + productId
                + "\", \"name\": \"Audited\", \"price\": 3.00, \"initialStock\": 10}", productCorrelation);
        post(customer, "/api/accounts", "{\"customerId\": \"" + TestUsers.CUSTOMER_A + "\", \"initialDeposit\": 100}",
                "audit-account-" + UUID.randomUUID());

        ResponseEntity<String> placed = post(customer, "/api/orders",
                "{\"items\": [{\"productId\": \"" + productId + "\", \"quantity\": 2}]}", orderCorrelation);
        assertThat(placed.getStatusCode().value()).isEqualTo(202);

        // the audit projection's two segments (the order's events in one, the payment's and the stock's perhaps in
        // the other) each commit their own batches: the trail is whole once both have
        List<String> sixEvents = List.of("OrderCreated", "PaymentProcessed", "PaymentConfirmed",
                "ProductStockReserved", "InventoryReserved", "OrderCompleted");
        JsonNode events = await().atMost(Duration.ofSeconds(60))
                .until(() -> json.readTree(http.getForEntity("/api/events?correlationId=" + orderCorrelation,
                        String.class).getBody()), found -> types(found).size() >= sixEvents.size());
        assertThat(types(events)).containsExactlyElementsOf(sixEvents);
        assertThat(events).allSatisfy(event -> assertThat(event.path("metadata").path("userId").asText())
                .as(event.path("eventType").asText()).isEqualTo(TestUsers.CUSTOMER_A));

        JsonNode productEvents = json.readTree(http.getForEntity("/api/events?correlationId=" + productCorrelation,
                String.class).getBody());
        assertThat(productEvents).isNotEmpty().allSatisfy(event ->
                assertThat(event.path("metadata").path("userId").asText()).isEqualTo(TestUsers.OPERATOR));
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.path("eventType").asText()));
        return types;
    }

    private static ResponseEntity<String> post(TestRestTemplate client, String path, String body,
                                               String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-Correlation-Id", correlationId);
        return client.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }
}
