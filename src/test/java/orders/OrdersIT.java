package orders;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.EventshopApplication;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.OrderStatus;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orders placed over HTTP and taken to their end by the saga, against real payments and inventory. */
@SpringBootTest(classes = {EventshopApplication.class, StalledInventory.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "eventshop.saga.inventory-timeout=4s")
class OrdersIT {

    private static final Duration FINAL_WITHIN = Duration.ofSeconds(30);

    @Autowired
    private TestRestTemplate http;
    @Autowired
    private EventStore eventStore;

    private Ledger ledger;
    private String customer;
    private String keyboard;
    private String mouse;

    @BeforeEach
    void setUp() {
        ledger = new Ledger(eventStore);
        customer = "customer-" + UUID.randomUUID();
        keyboard = "keyboard-" + UUID.randomUUID();
        mouse = "mouse-" + UUID.randomUUID();
    }

    @Test
    void completesAnOrderThatIsPaidAndReserved() {
        openAccount(customer, "1000.00");
        addProduct(keyboard, "100.00", 10);
        addProduct(mouse, "25.50", 5);

        ResponseEntity<Map> placed = placeOrder(null, order(customer, line(keyboard, 2), line(mouse, 1)));

        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String orderId = (String) placed.getBody().get("orderId");
        assertThat(placed.getBody()).containsEntry("status", "PENDING");
        assertThat(placed.getHeaders().getLocation()).hasToString("/api/orders/" + orderId);
        awaitStatus(orderId, OrderStatus.COMPLETED);
        assertThat(ledger.created(orderId)).hasValueSatisfying(created -> {
            assertThat(created.totalAmount()).isEqualByComparingTo("225.50");
            assertThat(created.items()).extracting(OrderLine::unitPrice)
                    .usingElementComparator(BigDecimal::compareTo)
                    .containsExactly(new BigDecimal("100.00"), new BigDecimal("25.50"));
        });
        assertThat(ledger.balance(customer)).isEqualByComparingTo("774.50");
        assertThat(ledger.available(keyboard)).isEqualTo(8);
        assertThat(ledger.available(mouse)).isEqualTo(4);
    }

    @Test
    void cancelsWithThePaymentReasonWhenFundsAreShort() {
        openAccount(customer, "50.00");
        addProduct(keyboard, "100.00", 10);

        String orderId = orderIdOf(placeOrder(null, order(customer, line(keyboard, 1))));

        awaitStatus(orderId, OrderStatus.CANCELLED);
        assertThat(ledger.cancelReason(orderId)).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("Payment failed: ").containsIgnoringCase("insufficient funds"));
        assertThat(ledger.balance(customer)).isEqualByComparingTo("50.00");
        assertThat(ledger.available(keyboard)).isEqualTo(10);
    }

    @Test
    void refundsAndCancelsWhenStockRunsOut() {
        openAccount(customer, "1000.00");
        addProduct(keyboard, "100.00", 1);
        addProduct(mouse, "25.50", 5);

        String orderId = orderIdOf(placeOrder(null, order(customer, line(mouse, 1), line(keyboard, 2))));

        awaitStatus(orderId, OrderStatus.CANCELLED);
        assertThat(ledger.cancelReason(orderId)).hasValue("Inventory not available");
        assertThat(ledger.payloads(customer)).hasAtLeastOneElementOfType(PaymentProcessed.class)
                .hasAtLeastOneElementOfType(PaymentRefunded.class);
        assertThat(ledger.balance(customer)).isEqualByComparingTo("1000.00");
        assertThat(ledger.available(keyboard)).isEqualTo(1);
        assertThat(ledger.available(mouse)).isEqualTo(5);
    }

    @Test
    void theInventoryDeadlineReleasesRefundsAndCancelsWhenInventoryNeverAnswers() {
        openAccount(customer, "1000.00");
        addProduct(keyboard, "100.00", 10);
        StalledInventory.stallReservationsOf(keyboard);

        String orderId = orderIdOf(placeOrder(null, order(customer, line(keyboard, 3))));

        awaitStatus(orderId, OrderStatus.CANCELLED);
        assertThat(ledger.cancelReason(orderId)).hasValue("Inventory timed out");
        await().atMost(FINAL_WITHIN).untilAsserted(() ->
                assertThat(ledger.balance(customer)).isEqualByComparingTo("1000.00"));
        assertThat(ledger.payloads(customer)).hasAtLeastOneElementOfType(PaymentRefunded.class);
        assertThat(ledger.available(keyboard)).isEqualTo(10);
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswerTheSameOrderAndChargeOnce() {
        openAccount(customer, "1000.00");
        addProduct(keyboard, "100.00", 10);
        String key = UUID.randomUUID().toString();

        ResponseEntity<Map> first = placeOrder(key, order(customer, line(keyboard, 1)));
        ResponseEntity<Map> again = placeOrder(key, order(customer, line(keyboard, 1)));

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(again.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        awaitStatus(orderIdOf(first), OrderStatus.COMPLETED);
        assertThat(ledger.payloads(customer)).filteredOn(PaymentProcessed.class::isInstance).hasSize(1);
        assertThat(ledger.balance(customer)).isEqualByComparingTo("900.00");
        assertThat(ledger.available(keyboard)).isEqualTo(9);
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIsAConflictAndCreatesNothing() {
        openAccount(customer, "1000.00");
        addProduct(keyboard, "100.00", 10);
        String key = UUID.randomUUID().toString();
        String orderId = orderIdOf(placeOrder(key, order(customer, line(keyboard, 1))));
        awaitStatus(orderId, OrderStatus.COMPLETED);
        TrackingToken before = eventStore.createHeadToken();

        ResponseEntity<Map> reused = placeOrder(key, order(customer, line(keyboard, 2)));

        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(reused.getBody()).containsEntry("type", "/problems/idempotency-key-reused")
                .containsEntry("status", 409);
        assertThat(ordersCreatedSince(before, customer)).isEmpty();
    }

    @Test
    void anUnknownProductIsABadRequestNamingItAndCreatesNothing() {
        openAccount(customer, "1000.00");
        addProduct(keyboard, "100.00", 10);
        String unknown = "no-such-product-" + UUID.randomUUID();
        TrackingToken before = eventStore.createHeadToken();

        ResponseEntity<Map> rejected = placeOrder(null, order(customer, line(keyboard, 1), line(unknown, 1)));

        assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(rejected.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(rejected.getBody()).containsEntry("type", "/problems/unknown-product")
                .containsEntry("productIds", List.of(unknown));
        assertThat((String) rejected.getBody().get("detail")).contains(unknown);
        assertThat(ordersCreatedSince(before, customer)).isEmpty();
    }

    @Test
    void aProductOnTwoLinesIsABadRequestNamingTheLine() {
        TrackingToken before = eventStore.createHeadToken();

        ResponseEntity<Map> rejected = placeOrder(null, order(customer, line(keyboard, 1), line(keyboard, 2)));

        assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(rejected.getBody()).containsEntry("type", "/problems/validation");
        assertThat((List<Map<String, Object>>) rejected.getBody().get("errors"))
                .extracting(error -> error.get("field")).containsExactly("items[1].productId");
        assertThat(ordersCreatedSince(before, customer)).isEmpty();
    }

    @Test
    void invalidLinesAreABadRequestNamingTheFields() {
        String body = "{\"customerId\": \"bad id!\", \"items\": [{\"productId\": \"" + keyboard
                + "\", \"quantity\": 0}]}";

        ResponseEntity<Map> rejected = post("/api/orders", body, null);

        assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<Map<String, Object>>) rejected.getBody().get("errors"))
                .extracting(error -> error.get("field"))
                .containsExactlyInAnyOrder("customerId", "items[0].quantity");
    }

    @Test
    void anOrderWithoutLinesIsABadRequest() {
        ResponseEntity<Map> rejected = post("/api/orders", order(customer), null);

        assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<Map<String, Object>>) rejected.getBody().get("errors"))
                .extracting(error -> error.get("field")).containsExactly("items");
    }

    private void awaitStatus(String orderId, OrderStatus expected) {
        await().atMost(FINAL_WITHIN).untilAsserted(() -> assertThat(ledger.status(orderId)).hasValue(expected));
    }

    private List<OrderCreated> ordersCreatedSince(TrackingToken token, String customerId) {
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(token)) {
            List<OrderCreated> created = new java.util.ArrayList<>();
            while (stream.hasNextAvailable()) {
                if (stream.nextAvailable().getPayload() instanceof OrderCreated event
                        && event.customerId().equals(customerId)) {
                    created.add(event);
                }
            }
            return created;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private void openAccount(String customerId, String deposit) {
        ResponseEntity<Map> opened = post("/api/accounts",
                "{\"customerId\": \"" + customerId + "\", \"initialDeposit\": " + deposit + "}", null);
        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    private void addProduct(String productId, String price, int stock) {
        ResponseEntity<Map> added = post("/api/products", "{\"productId\": \"" + productId
                + "\", \"name\": \"" + productId + "\", \"price\": " + price + ", \"initialStock\": " + stock + "}",
                null);
        assertThat(added.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    private ResponseEntity<Map> placeOrder(String idempotencyKey, String body) {
        return post("/api/orders", body, idempotencyKey);
    }

    private static String orderIdOf(ResponseEntity<Map> placed) {
        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) placed.getBody().get("orderId");
    }

    private static String order(String customerId, String... lines) {
        return "{\"customerId\": \"" + customerId + "\", \"items\": [" + String.join(", ", lines) + "]}";
    }

    private static String line(String productId, int quantity) {
        return "{\"productId\": \"" + productId + "\", \"quantity\": " + quantity + "}";
    }

    private ResponseEntity<Map> post(String path, String json, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set(OrdersController.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return http.postForEntity(path, new HttpEntity<>(json, headers), Map.class);
    }
}
