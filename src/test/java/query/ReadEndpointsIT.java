package query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import inventory.api.ProductAdded;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.PaymentConfirmed;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;
import payments.api.PaymentProcessed;
import query.api.FindOrder;

import static org.assertj.core.api.Assertions.assertThat;

class ReadEndpointsIT extends AbstractReadSideIT {

    @Autowired
    QueryUpdateEmitter updateEmitter;

    @Test
    void anAccountComesWithItsVersionAsETag() {
        String customerId = id("customer");
        publish("Account", customerId, 0, new AccountOpened(customerId, "THB"));
        publish("Account", customerId, 1, new MoneyDeposited(customerId, new BigDecimal("1000.50"), "THB"));

        ResponseEntity<String> response = eventually().until(() -> http.getForEntity("/api/accounts/" + customerId,
                String.class), found -> found.getStatusCode() == HttpStatus.OK && body(found).get("version").asLong() == 1);

        assertThat(response.getHeaders().getETag()).isEqualTo("\"1\"");
        JsonNode account = body(response);
        assertThat(account.get("customerId").asText()).isEqualTo(customerId);
        assertThat(account.get("balance").decimalValue()).isEqualByComparingTo("1000.50");
        assertThat(account.get("balance").isNumber()).isTrue();
        assertThat(account.get("currency").asText()).isEqualTo("THB");
    }

    @Test
    void unknownIdsAreProblemNotFound() {
        for (String path : List.of("/api/accounts/", "/api/products/", "/api/orders/")) {
            ResponseEntity<String> response = http.getForEntity(path + id("unknown"), String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(response.getHeaders().getContentType()).as(path)
                    .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = body(response);
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(problem.get("title").asText()).isEqualTo("Not found");
            assertThat(problem.get("type").asText()).isEqualTo("/problems/not-found");
            assertThat(problem.get("detail").asText()).contains("retry");
        }
    }

    @Test
    void malformedIdsAreProblemBadRequest() {
        String tooLong = "x".repeat(65);
        for (String path : List.of("/api/accounts/" + tooLong, "/api/products/bad.id", "/api/orders/" + tooLong,
                "/api/orders/bad.id/updates", "/api/customers/bad.id/stats", "/api/orders?customerId=bad.id")) {
            ResponseEntity<String> response = http.getForEntity(path, String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType()).as(path)
                    .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(body(response).get("errors").get(0).get("message").asText()).as(path)
                    .contains("letters, digits");
        }
    }

    @Test
    void productsAreListedAndReadOneByOne() {
        String productId = id("product");
        publish("Product", productId, 0, new ProductAdded(productId, "Wok", new BigDecimal("799.00"), "THB", 3));

        ResponseEntity<String> one = eventually().until(() -> http.getForEntity("/api/products/" + productId,
                String.class), found -> found.getStatusCode() == HttpStatus.OK);

        assertThat(one.getHeaders().getETag()).isEqualTo("\"0\"");
        assertThat(body(one).get("name").asText()).isEqualTo("Wok");
        assertThat(body(one).get("price").decimalValue()).isEqualByComparingTo("799.00");
        assertThat(body(one).get("available").asInt()).isEqualTo(3);
        JsonNode all = get("/api/products");
        assertThat(StreamSupport.stream(all.spliterator(), false).map(product -> product.get("productId").asText()))
                .contains(productId);
    }

    @Test
    void anOrderIsReadById() {
        String orderId = fabricatedOrderId();
        String customerId = id("customer");
        publish("Order", orderId, 0, created(orderId, customerId, "30.00"));
        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-1", new BigDecimal("30.00")));

        JsonNode order = eventually().until(() -> get("/api/orders/" + orderId),
                found -> "CONFIRMED".equals(found.path("status").asText()));

        assertThat(order.get("customerId").asText()).isEqualTo(customerId);
        assertThat(order.get("totalAmount").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(order.get("items").get(0).get("productId").asText()).isEqualTo("p-1");
        assertThat(order.get("items").get(0).get("quantity").asInt()).isEqualTo(1);
        assertThat(order.get("paymentId").asText()).isEqualTo("pay-1");
        assertThat(order.get("history")).hasSize(2);
        assertThat(Instant.parse(order.get("confirmedAt").asText())).isNotNull();
    }

    @Test
    void aCustomersOrdersComeNewestFirstTenByDefaultAndAtMostTheLimit() {
        String customerId = id("customer");
        Instant start = Instant.now().minusSeconds(100);
        for (int i = 0; i < 12; i++) {
            String orderId = "o" + i + "-" + fabricatedOrderId();
            publish("Order", orderId, 0, created(orderId, customerId, i + ".00"), "c", start.plusSeconds(i));
        }
        eventually().until(() -> get("/api/orders?customerId=" + customerId + "&limit=100").size() == 12);

        JsonNode byDefault = get("/api/orders?customerId=" + customerId);
        assertThat(byDefault).hasSize(10);
        assertThat(byDefault.get(0).get("orderId").asText()).startsWith("o11-");
        assertThat(byDefault.get(9).get("orderId").asText()).startsWith("o2-");
        JsonNode three = get("/api/orders?customerId=" + customerId + "&limit=3");
        assertThat(three).hasSize(3);
        assertThat(three.get(2).get("orderId").asText()).startsWith("o9-");
        assertThat(get("/api/orders?customerId=" + id("nobody"))).isEmpty();
    }

    @Test
    void limitsOutsideOneToAHundredAndAMissingCustomerAreBadRequests() {
        for (String query : List.of("customerId=c1&limit=0", "customerId=c1&limit=101", "customerId=c1&limit=abc",
                "customerId=c1&limit=-5", "limit=5")) {
            ResponseEntity<String> response = http.getForEntity("/api/orders?" + query, String.class);
            assertThat(response.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType()).as(query).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(http.getForEntity("/api/orders?customerId=c1&limit=100", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void orderStatsCountConfirmedOrders() {
        JsonNode before = get("/api/orders/stats");
        String orderId = fabricatedOrderId();
        publish("Order", orderId, 0, created(orderId, id("customer"), "12.34"));
        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-s", new BigDecimal("12.34")));

        JsonNode after = eventually().until(() -> get("/api/orders/stats"),
                stats -> stats.get("totalOrders").asLong() == before.get("totalOrders").asLong() + 1);

        assertThat(after.get("totalRevenue").decimalValue().subtract(before.get("totalRevenue").decimalValue()))
                .isEqualByComparingTo("12.34");
        assertThat(after.get("averageOrderValue").isNumber()).isTrue();
    }

    @Test
    void customerStatsCountOrdersAndPayments() {
        String customerId = id("customer");
        String orderId = fabricatedOrderId();
        publish("Order", orderId, 0, created(orderId, customerId, "45.00"));
        publish("Account", customerId, 0, new PaymentProcessed("pay-" + orderId, orderId, customerId,
                new BigDecimal("45.00"), "THB"));

        JsonNode stats = eventually().until(() -> get("/api/customers/" + customerId + "/stats"),
                found -> found.get("totalSpent").decimalValue().compareTo(new BigDecimal("45.00")) == 0);

        assertThat(stats.get("orderCount").asLong()).isEqualTo(1);
        assertThat(stats.get("customerId").asText()).isEqualTo(customerId);
    }

    @Test
    void aReaderWhoPrefersToWaitGetsTheOrderOnceItIsProjected() throws Exception {
        String orderId = fabricatedOrderId();
        HttpHeaders headers = new HttpHeaders();
        headers.add("Prefer", "wait=10");
        CompletableFuture<ResponseEntity<String>> read = CompletableFuture.supplyAsync(() -> http.exchange(
                "/api/orders/" + orderId, HttpMethod.GET, new HttpEntity<>(headers), String.class));
        eventually().until(() -> updateEmitter.activeSubscriptions().stream()
                .anyMatch(subscription -> subscription.getPayload() instanceof FindOrder find
                        && find.orderId().equals(orderId)));

        publish("Order", orderId, 0, created(orderId, id("customer"), "5.00"));

        ResponseEntity<String> response = read.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(body(response).get("orderId").asText()).isEqualTo(orderId);
        assertThat(response.getHeaders().getFirst("Preference-Applied")).isEqualTo("wait=10");
    }

    @Test
    void aReaderWhoWaitsInVainGetsNotFound() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Prefer", "wait=1");
        ResponseEntity<String> response = http.exchange("/api/orders/" + id("never"), HttpMethod.GET,
                new HttpEntity<>(headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        eventually().until(() -> updateEmitter.activeSubscriptions().stream()
                .noneMatch(subscription -> subscription.getPayload() instanceof FindOrder find
                        && find.orderId().startsWith("never-")));
    }

    private static OrderCreated created(String orderId, String customerId, String amount) {
        return new OrderCreated(orderId, customerId, List.of(new OrderLine("p-1", 1, new BigDecimal(amount))),
                new BigDecimal(amount), "THB");
    }
}
