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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
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

    private ShopClient shop;
    private Ledger ledger;
    private String customer;
    private String keyboard;
    private String mouse;

    @BeforeEach
    void setUp() {
        shop = new ShopClient(http);
        ledger = new Ledger(eventStore);
        customer = "customer-" + UUID.randomUUID();
        keyboard = "keyboard-" + UUID.randomUUID();
        mouse = "mouse-" + UUID.randomUUID();
    }

    @Test
    void completesAnOrderThatIsPaidAndReserved() {
        shop.openAccount(customer, "1000.00");
        shop.addProduct(keyboard, "100.00", 10);
        shop.addProduct(mouse, "25.50", 5);

        ResponseEntity<Map> placed = shop.placeOrder(null, order(customer, line(keyboard, 2), line(mouse, 1)));

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
        shop.openAccount(customer, "50.00");
        shop.addProduct(keyboard, "100.00", 10);

        String orderId = orderIdOf(shop.placeOrder(null, order(customer, line(keyboard, 1))));

        awaitStatus(orderId, OrderStatus.CANCELLED);
        assertThat(ledger.cancelReason(orderId)).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("Payment failed: ").containsIgnoringCase("insufficient funds"));
        assertThat(ledger.balance(customer)).isEqualByComparingTo("50.00");
        assertThat(ledger.available(keyboard)).isEqualTo(10);
    }

    @Test
    void refundsAndCancelsWhenStockRunsOut() {
        shop.openAccount(customer, "1000.00");
        shop.addProduct(keyboard, "100.00", 1);
        shop.addProduct(mouse, "25.50", 5);

        String orderId = orderIdOf(shop.placeOrder(null, order(customer, line(mouse, 1), line(keyboard, 2))));

        awaitStatus(orderId, OrderStatus.CANCELLED);
        assertThat(ledger.cancelReason(orderId))
                .hasValue("Inventory not available: Insufficient stock for product " + keyboard);
        assertThat(ledger.accountPayloads(customer)).hasAtLeastOneElementOfType(PaymentProcessed.class)
                .hasAtLeastOneElementOfType(PaymentRefunded.class);
        assertThat(ledger.balance(customer)).isEqualByComparingTo("1000.00");
        assertThat(ledger.available(keyboard)).isEqualTo(1);
        assertThat(ledger.available(mouse)).isEqualTo(5);
    }

    @Test
    void theInventoryDeadlineReleasesRefundsAndCancelsWhenInventoryNeverAnswers() {
        shop.openAccount(customer, "1000.00");
        shop.addProduct(keyboard, "100.00", 10);
        StalledInventory.stallReservationsOf(keyboard);

        String orderId = orderIdOf(shop.placeOrder(null, order(customer, line(keyboard, 3))));

        awaitStatus(orderId, OrderStatus.CANCELLED);
        assertThat(ledger.cancelReason(orderId)).hasValue("Inventory timed out");
        await().atMost(FINAL_WITHIN).untilAsserted(() ->
                assertThat(ledger.balance(customer)).isEqualByComparingTo("1000.00"));
        assertThat(ledger.accountPayloads(customer)).hasAtLeastOneElementOfType(PaymentRefunded.class);
        assertThat(ledger.available(keyboard)).isEqualTo(10);
    }

    @Test
    void aReservationHandlerThatThrowsLeadsToRefundAndCancellation() {
        shop.openAccount(customer, "1000.00");
        shop.addProduct(keyboard, "100.00", 10);
        StalledInventory.breakReservationsOf(keyboard);

        String orderId = orderIdOf(shop.placeOrder(null, order(customer, line(keyboard, 3))));

        awaitStatus(orderId, OrderStatus.CANCELLED);
        assertThat(ledger.cancelReason(orderId)).hasValue("Inventory could not be reserved");
        assertThat(ledger.accountPayloads(customer)).hasAtLeastOneElementOfType(PaymentRefunded.class);
        assertThat(ledger.balance(customer)).isEqualByComparingTo("1000.00");
        assertThat(ledger.available(keyboard)).isEqualTo(10);
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswerTheSameOrderAndChargeOnce() {
        shop.openAccount(customer, "1000.00");
        shop.addProduct(keyboard, "100.00", 10);
        String key = UUID.randomUUID().toString();

        ResponseEntity<Map> first = shop.placeOrder(key, order(customer, line(keyboard, 1)));
        ResponseEntity<Map> again = shop.placeOrder(key, order(customer, line(keyboard, 1)));

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(again.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        awaitStatus(orderIdOf(first), OrderStatus.COMPLETED);
        assertThat(ledger.accountPayloads(customer)).filteredOn(PaymentProcessed.class::isInstance).hasSize(1);
        assertThat(ledger.balance(customer)).isEqualByComparingTo("900.00");
        assertThat(ledger.available(keyboard)).isEqualTo(9);
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIsAConflictAndCreatesNothing() {
        shop.openAccount(customer, "1000.00");
        shop.addProduct(keyboard, "100.00", 10);
        String key = UUID.randomUUID().toString();
        String orderId = orderIdOf(shop.placeOrder(key, order(customer, line(keyboard, 1))));
        awaitStatus(orderId, OrderStatus.COMPLETED);
        TrackingToken before = eventStore.createHeadToken();

        ResponseEntity<Map> reused = shop.placeOrder(key, order(customer, line(keyboard, 2)));

        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(reused.getBody()).containsEntry("type", "/problems/idempotency-key-reused")
                .containsEntry("status", 409);
        assertThat(ordersCreatedSince(before, customer)).isEmpty();
    }

    @Test
    void anUnknownProductIsABadRequestNamingItAndCreatesNothing() {
        shop.openAccount(customer, "1000.00");
        shop.addProduct(keyboard, "100.00", 10);
        String unknown = "no-such-product-" + UUID.randomUUID();
        TrackingToken before = eventStore.createHeadToken();

        ResponseEntity<Map> rejected = shop.placeOrder(null, order(customer, line(keyboard, 1), line(unknown, 1)));

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

        ResponseEntity<Map> rejected = shop.placeOrder(null, order(customer, line(keyboard, 1), line(keyboard, 2)));

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

        ResponseEntity<Map> rejected = shop.post("/api/orders", body, null);

        assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<Map<String, Object>>) rejected.getBody().get("errors"))
                .extracting(error -> error.get("field"))
                .containsExactlyInAnyOrder("customerId", "items[0].quantity");
    }

    @Test
    void anOrderWithoutLinesIsABadRequest() {
        ResponseEntity<Map> rejected = shop.post("/api/orders", order(customer), null);

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
}
