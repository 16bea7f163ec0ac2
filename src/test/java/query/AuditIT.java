package query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import inventory.api.AddProduct;
import inventory.api.InventoryReserved;
import inventory.api.ProductStockReserved;
import inventory.api.StockLine;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.PaymentConfirmed;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;
import payments.api.OpenAccount;
import payments.api.PaymentProcessed;

import static org.assertj.core.api.Assertions.assertThat;

class AuditIT extends AbstractReadSideIT {

    private final String orderId = fabricatedOrderId();
    private final String customerId = id("customer");
    private final String productId = id("product");
    private final String correlationId = id("correlation");
    private final String accountStream = OpenAccount.accountIdOf(customerId);
    private final String productStream = AddProduct.streamIdOf(productId);

    @Test
    void anOrdersWholeSagaIsFoundByItsCorrelationIdInStoreOrder() {
        runSaga();

        JsonNode events = eventually().until(() -> get("/api/events?correlationId=" + correlationId),
                found -> found.size() == 6);

        assertThat(types(events)).containsExactly("OrderCreated", "PaymentProcessed", "PaymentConfirmed",
                "ProductStockReserved", "InventoryReserved", "OrderCompleted");
        assertThat(events).allSatisfy(event ->
                assertThat(event.get("metadata").get("correlationId").asText()).isEqualTo(correlationId));
        assertThat(events).extracting(event -> event.get("aggregateId").asText())
                .containsExactly(orderId, accountStream, orderId, productStream, "reservation-" + orderId, orderId);
        assertThat(events).extracting(event -> event.get("metadata").get("source").asText())
                .containsExactly("orders", "payments", "orders", "inventory", "inventory", "orders");
    }

    @Test
    void anAggregatesEventsComeOldestFirstInTheEnvelope() {
        runSaga();

        JsonNode events = get("/api/events?aggregateId=" + orderId);

        assertThat(types(events)).containsExactly("OrderCreated", "PaymentConfirmed", "OrderCompleted");
        assertThat(events).extracting(event -> event.get("version").asLong()).containsExactly(0L, 1L, 2L);
        JsonNode created = events.get(0);
        assertThat(created.get("eventId").asText()).isNotBlank();
        assertThat(created.get("aggregateId").asText()).isEqualTo(orderId);
        assertThat(Instant.parse(created.get("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(created.get("data").get("customerId").asText()).isEqualTo(customerId);
        assertThat(created.get("data").get("totalAmount").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(created.get("metadata").get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(created.get("metadata").get("userId").asText()).isEqualTo("anonymous");
    }

    @Test
    void anUnknownAggregateOrCorrelationHasNoEvents() {
        assertThat(get("/api/events?aggregateId=" + id("nothing"))).isEmpty();
        assertThat(get("/api/events?correlationId=" + id("nothing"))).isEmpty();
    }

    @Test
    void exactlyOneOfAggregateIdAndCorrelationIdIsNeeded() {
        for (String query : List.of("", "?aggregateId=a&correlationId=b", "?aggregateId=bad.id")) {
            ResponseEntity<String> response = http.getForEntity("/api/events" + query, String.class);
            assertThat(response.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType()).as(query).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    /** The events the saga of one order stores, in the streams of the aggregates that own them. */
    /**
     * Two writers take their store positions in one order and commit in the other, as concurrent transactions do. The
     * event committed last reaches the projection as a gap being filled, when the processor's position is already
     * past it, and must still be indexed at its own position in the store, so that it is listed first.
     */
    @Test
    void anEventCommittedLateKeepsItsOwnPositionInTheStore() throws Exception {
        String early = id("customer");
        String late = id("customer");
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> lateWriter = writer.submit(() -> new TransactionTemplate(transactionManager)
                    .executeWithoutResult(status -> {
                        publish("Account", OpenAccount.accountIdOf(early), 0, new AccountOpened(early, "THB"),
                                correlationId, Instant.now());
                        appended.countDown();
                        try {
                            commit.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
            publish("Account", OpenAccount.accountIdOf(late), 0, new AccountOpened(late, "THB"), correlationId,
                    Instant.now());
            eventually().until(() -> get("/api/events?correlationId=" + correlationId), found -> found.size() == 1);
            commit.countDown();
            lateWriter.get(30, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }

        JsonNode events = eventually().until(() -> get("/api/events?correlationId=" + correlationId),
                found -> found.size() == 2);
        assertThat(events).extracting(event -> event.get("aggregateId").asText())
                .containsExactly(OpenAccount.accountIdOf(early), OpenAccount.accountIdOf(late));
        assertThat(jdbc.queryForList("select a.global_position - e.global_index from audit_correlation a"
                + " join domain_event_entry e on e.event_identifier = a.event_id where a.correlation_id = ?",
                Long.class, correlationId)).containsExactly(0L, 0L);
    }

    private void runSaga() {
        Instant at = Instant.now();
        publish("Account", accountStream, 0, new AccountOpened(customerId, "THB"), "opening", at);
        publish("Account", accountStream, 1, new MoneyDeposited(customerId, new BigDecimal("100.00"), "THB"), "opening", at);
        publish("Order", orderId, 0, new OrderCreated(orderId, customerId,
                List.of(new OrderLine(productId, 2, new BigDecimal("10.00"))), new BigDecimal("20.00"), "THB"),
                correlationId, at);
        publish("Account", accountStream, 2, new PaymentProcessed("pay-1", orderId, customerId, new BigDecimal("20.00"),
                "THB"), correlationId, at);
        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-1", new BigDecimal("20.00")), correlationId, at);
        publish("Product", productStream, 0, new ProductStockReserved(productId, orderId, 2), correlationId, at);
        publish("Reservation", "reservation-" + orderId, 0, new InventoryReserved(orderId,
                List.of(new StockLine(productId, 2))), correlationId, at);
        publish("Order", orderId, 2, new OrderCompleted(orderId), correlationId, at);
    }

    private static List<String> types(JsonNode events) {
        return StreamSupport.stream(events.spliterator(), false).map(event -> event.get("eventType").asText()).toList();
    }
}
