package query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import app.TestUsers;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import payments.api.ProcessPayment;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole order through the real write side and saga, watched from the read side. */
class OrderJourneyIT extends AbstractReadSideIT {

    @LocalServerPort
    int port;

    private final String customerId = id("customer");
    private final String productId = id("product");
    private final String correlationId = id("correlation");

    @Test
    void theUpdatesStreamShowsPendingConfirmedCompletedAndEnds() throws Exception {
        seedAccountAndProduct();
        // The saga is held at the payment until the stream is open, so the test sees every step, not a late view.
        CountDownLatch streamOpen = new CountDownLatch(1);
        MessageHandlerInterceptor<CommandMessage<?>> holdPayment = (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof ProcessPayment payment
                    && payment.customerId().equals(customerId)) {
                assertThat(streamOpen.await(30, TimeUnit.SECONDS)).isTrue();
            }
            return chain.proceed();
        };
        Registration held = commandBus.registerHandlerInterceptor(holdPayment);
        try {
            String orderId = placeOrder();
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/" + orderId + "/updates"))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", TestUsers.operatorAuthorization()).build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
            eventually().until(() -> lines.stream().anyMatch(line -> line.startsWith(":waiting")
                    || line.startsWith("data:")));
            streamOpen.countDown();

            assertThat(stream.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            List<String> statuses = lines.stream().filter(line -> line.startsWith("data:"))
                    .map(line -> readTree(line.substring("data:".length())).get("status").asText())
                    .toList();
            assertThat(statuses).containsExactly("PENDING", "CONFIRMED", "COMPLETED");
        } finally {
            held.cancel();
            streamOpen.countDown();
        }
    }

    @Test
    void theAuditTrailFindsTheWholeSagaByCorrelationId() {
        seedAccountAndProduct();
        String orderId = placeOrder();
        eventually().until(() -> "COMPLETED".equals(get("/api/orders/" + orderId).path("status").asText()));

        // the audit trail's projection has two segments, and an order's events and its account's and product's
        // events may fall in different ones, each at its own pace: wait for every context's part of the saga
        JsonNode events = eventually().until(() -> get("/api/events?correlationId=" + correlationId),
                found -> types(found).containsAll(List.of("OrderCompleted", "PaymentProcessed",
                        "InventoryReserved", "ProductStockReserved")));

        assertThat(types(events)).containsSubsequence("OrderCreated", "PaymentProcessed", "PaymentConfirmed",
                "OrderCompleted");
        assertThat(types(events)).contains("InventoryReserved", "ProductStockReserved");
        assertThat(events).allSatisfy(event ->
                assertThat(event.get("metadata").get("correlationId").asText()).isEqualTo(correlationId));
        assertThat(events).extracting(event -> event.get("metadata").get("source").asText())
                .contains("orders", "payments", "inventory");
        assertThat(get("/api/events?aggregateId=" + orderId)).extracting(event -> event.get("eventType").asText())
                .containsExactly("OrderCreated", "PaymentConfirmed", "OrderCompleted");
        JsonNode stats = eventually().until(() -> get("/api/customers/" + customerId + "/stats"),
                found -> found.get("orderCount").asLong() == 1 && found.get("totalSpent").decimalValue().signum() > 0);
        assertThat(stats.get("totalSpent").decimalValue()).isEqualByComparingTo("50.00");
    }

    private void seedAccountAndProduct() {
        assertThat(post("/api/accounts", "{\"customerId\":\"" + customerId + "\",\"initialDeposit\":500.00}")
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(post("/api/products", "{\"productId\":\"" + productId + "\",\"name\":\"Ladle\",\"price\":25.00,"
                + "\"initialStock\":10}").getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    private String placeOrder() {
        ResponseEntity<String> placed = post("/api/orders", "{\"customerId\":\"" + customerId + "\",\"items\":"
                + "[{\"productId\":\"" + productId + "\",\"quantity\":2}]}");
        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return body(placed).get("orderId").asText();
    }

    private ResponseEntity<String> post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("X-Correlation-Id", correlationId);
        return http.postForEntity(path, new HttpEntity<>(json, headers), String.class);
    }

    private static List<String> types(JsonNode events) {
        return java.util.stream.StreamSupport.stream(events.spliterator(), false)
                .map(event -> event.get("eventType").asText()).toList();
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }
}
