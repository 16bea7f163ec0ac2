package orders;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import inventory.api.InventoryReservationFailed;
import inventory.api.InventoryReserved;
import inventory.api.ReleaseInventory;
import inventory.api.ReserveInventory;
import inventory.api.StockLine;
import orders.api.CancelOrder;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import payments.api.PaymentFailed;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;
import payments.api.ProcessPayment;
import payments.api.RefundPayment;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static orders.OrderSaga.INVENTORY_DEADLINE;
import static orders.OrderSaga.PAYMENT_DEADLINE;
import static orders.OrderSaga.RETRY_DEADLINE;

class OrderSagaTest {

    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INVENTORY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

    private static final String ORDER = "order-1";
    private static final String CUSTOMER = "alice";
    private static final String PAYMENT = OrderSaga.paymentIdFor(ORDER);
    private static final BigDecimal TOTAL = new BigDecimal("32.00");

    private static final OrderCreated CREATED = new OrderCreated(ORDER, CUSTOMER, List.of(
            new OrderLine("apple", 3, new BigDecimal("10.50")),
            new OrderLine("pear", 2, new BigDecimal("0.25"))), TOTAL, "THB");
    private static final List<StockLine> STOCK = List.of(new StockLine("apple", 3), new StockLine("pear", 2));
    private static final PaymentProcessed PAID = new PaymentProcessed(PAYMENT, ORDER, CUSTOMER, TOTAL, "THB");

    private SagaTestFixture<OrderSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderSaga.class);
        fixture.registerResource(new SagaSettings(PAYMENT_TIMEOUT, INVENTORY_TIMEOUT, RETRY_INTERVAL));
    }

    private static PaymentRefunded refunded(String reason) {
        return new PaymentRefunded(PAYMENT, ORDER, CUSTOMER, TOTAL, "THB", reason);
    }

    private void failWhenSending(Class<?> commandType) {
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (commandType.isInstance(payload)) {
                throw new IllegalStateException("broken handler for " + commandType.getSimpleName());
            }
            return null;
        });
    }

    @Test
    void chargesTheCustomerWhenAnOrderIsCreated() throws Exception {
        fixture.givenNoPriorActivity()
                .whenAggregate(ORDER).publishes(CREATED)
                .expectActiveSagas(1)
                .expectDispatchedCommands(new ProcessPayment(PAYMENT, ORDER, CUSTOMER, TOTAL, "THB"))
                .expectScheduledDeadlineWithName(PAYMENT_TIMEOUT, PAYMENT_DEADLINE);
    }

    @Test
    void confirmsPaymentAndReservesStockOncePaid() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .whenPublishingA(PAID)
                .expectActiveSagas(1)
                .expectDispatchedCommands(new ConfirmPayment(ORDER, PAYMENT, TOTAL), new ReserveInventory(ORDER, STOCK))
                .expectScheduledDeadlineWithName(INVENTORY_TIMEOUT, INVENTORY_DEADLINE)
                .expectNoScheduledDeadlineWithName(PAYMENT_TIMEOUT, PAYMENT_DEADLINE);
    }

    @Test
    void completesTheOrderWhenStockIsReserved() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenAPublished(PAID)
                .whenPublishingA(new InventoryReserved(ORDER, STOCK))
                .expectDispatchedCommands(new CompleteOrder(ORDER))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void cancelsTheOrderWithThePaymentReasonWhenPaymentFails() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .whenPublishingA(new PaymentFailed(PAYMENT, ORDER, CUSTOMER, TOTAL, "THB", "Insufficient funds"))
                .expectDispatchedCommands(new CancelOrder(ORDER, "Payment failed: Insufficient funds"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void refundsThePaymentWhenStockRunsOut() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenAPublished(PAID)
                .whenPublishingA(new InventoryReservationFailed(ORDER, "Insufficient stock for product apple"))
                .expectDispatchedCommands(new RefundPayment(PAYMENT, ORDER, CUSTOMER,
                        "Inventory not available: Insufficient stock for product apple"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void cancelsTheOrderOnceTheRefundForMissingStockArrives() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenAPublished(PAID)
                .andThenAPublished(new InventoryReservationFailed(ORDER, "Insufficient stock for product apple"))
                .whenPublishingA(refunded("Inventory not available"))
                .expectDispatchedCommands(new CancelOrder(ORDER,
                        "Inventory not available: Insufficient stock for product apple"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void cancelsTheOrderWhenPaymentTimesOutAndWaitsForTheOutcome() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .whenTimeElapses(PAYMENT_TIMEOUT)
                .expectTriggeredDeadlinesWithName(PAYMENT_DEADLINE)
                .expectDispatchedCommands(new CancelOrder(ORDER, "Payment timed out"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void refundsAPaymentThatArrivesAfterTheTimeoutWithoutConfirmingIt() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .whenPublishingA(PAID)
                .expectDispatchedCommands(new RefundPayment(PAYMENT, ORDER, CUSTOMER, "Payment timed out"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void endsWhenTheLatePaymentIsRefundedWithoutCancellingAgain() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(PAID)
                .whenPublishingA(refunded("Payment timed out"))
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void endsWhenThePaymentFailsAfterTheTimeout() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .whenPublishingA(new PaymentFailed(PAYMENT, ORDER, CUSTOMER, TOTAL, "THB", "Insufficient funds"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void releasesStockRefundsAndCancelsWhenReservationTimesOut() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenAPublished(PAID)
                .whenTimeElapses(INVENTORY_TIMEOUT)
                .expectTriggeredDeadlinesWithName(INVENTORY_DEADLINE)
                .expectDispatchedCommands(
                        new ReleaseInventory(ORDER),
                        new RefundPayment(PAYMENT, ORDER, CUSTOMER, "Inventory timed out"),
                        new CancelOrder(ORDER, "Inventory timed out"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void ignoresAReservationThatArrivesAfterTheTimeout() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenAPublished(PAID)
                .andThenTimeElapses(INVENTORY_TIMEOUT)
                .whenPublishingA(new InventoryReserved(ORDER, STOCK))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void cancelsTheOrderWhenThePaymentCannotBeSent() throws Exception {
        failWhenSending(ProcessPayment.class);
        fixture.givenNoPriorActivity()
                .whenAggregate(ORDER).publishes(CREATED)
                .expectDispatchedCommands(
                        new ProcessPayment(PAYMENT, ORDER, CUSTOMER, TOTAL, "THB"),
                        new CancelOrder(ORDER, "Payment could not be processed"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void refundsWhenConfirmingThePaymentFails() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED);
        failWhenSending(ConfirmPayment.class);
        fixture.whenPublishingA(PAID)
                .expectDispatchedCommands(
                        new ConfirmPayment(ORDER, PAYMENT, TOTAL),
                        new RefundPayment(PAYMENT, ORDER, CUSTOMER, "Payment could not be confirmed"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void refundsAndThenCancelsWhenTheReservationCannotBeSent() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED);
        failWhenSending(ReserveInventory.class);
        fixture.whenPublishingA(PAID)
                .expectDispatchedCommands(
                        new ConfirmPayment(ORDER, PAYMENT, TOTAL),
                        new ReserveInventory(ORDER, STOCK),
                        new RefundPayment(PAYMENT, ORDER, CUSTOMER, "Inventory could not be reserved"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
        fixture.whenPublishingA(refunded("Inventory could not be reserved"))
                .expectDispatchedCommands(new CancelOrder(ORDER, "Inventory could not be reserved"))
                .expectActiveSagas(0);
    }

    @Test
    void releasesAndRefundsWhenCompletingTheOrderFails() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED).andThenAPublished(PAID);
        failWhenSending(CompleteOrder.class);
        fixture.whenPublishingA(new InventoryReserved(ORDER, STOCK))
                .expectDispatchedCommands(
                        new CompleteOrder(ORDER),
                        new ReleaseInventory(ORDER),
                        new RefundPayment(PAYMENT, ORDER, CUSTOMER, "Order could not be completed"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void retriesARefundThatCannotBeSentUntilItGoesThrough() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED).andThenAPublished(PAID);
        failWhenSending(RefundPayment.class);
        fixture.whenTimeElapses(INVENTORY_TIMEOUT)
                .expectDispatchedCommands(
                        new ReleaseInventory(ORDER),
                        new RefundPayment(PAYMENT, ORDER, CUSTOMER, "Inventory timed out"),
                        new CancelOrder(ORDER, "Inventory timed out"))
                .expectScheduledDeadlineWithName(RETRY_INTERVAL, RETRY_DEADLINE)
                .expectActiveSagas(1);
        fixture.setCallbackBehavior((payload, metaData) -> null);
        fixture.whenTimeElapses(RETRY_INTERVAL)
                .expectDispatchedCommands(new RefundPayment(PAYMENT, ORDER, CUSTOMER, "Inventory timed out"))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
    }

    @Test
    void ignoresAPaymentDeliveredTwice() throws Exception {
        fixture.givenAggregate(ORDER).published(CREATED)
                .andThenAPublished(PAID)
                .whenPublishingA(PAID)
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(INVENTORY_TIMEOUT, INVENTORY_DEADLINE)
                .expectActiveSagas(1);
    }
}
