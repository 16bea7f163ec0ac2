package orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;

import orders.api.CancelOrder;
import orders.api.CreateOrder;
import orders.api.OrderCancelled;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.PaymentConfirmed;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final String ORDER = "order-1";
    private static final String PAYMENT = "payment-1";
    private static final List<OrderLine> LINES = List.of(
            new OrderLine("apple", 3, new BigDecimal("10.50")),
            new OrderLine("pear", 2, new BigDecimal("0.25")));
    private static final OrderCreated CREATED =
            new OrderCreated(ORDER, "alice", LINES, new BigDecimal("32.00"), "THB");
    private static final PaymentConfirmed CONFIRMED = new PaymentConfirmed(ORDER, PAYMENT, new BigDecimal("32.00"));

    private AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    @Test
    void createsPendingOrderWithTotalOfPriceTimesQuantity() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrder(ORDER, "alice", LINES, "THB"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(CREATED);
    }

    @Test
    void rejectsOrderWithoutLines() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrder(ORDER, "alice", List.of(), "THB"))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void rejectsOrderWithMoreThanFiftyLines() {
        List<OrderLine> lines = IntStream.rangeClosed(1, 51)
                .mapToObj(i -> new OrderLine("p" + i, 1, BigDecimal.ONE)).toList();
        fixture.givenNoPriorActivity()
                .when(new CreateOrder(ORDER, "alice", lines, "THB"))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void acceptsOrderWithFiftyLines() {
        List<OrderLine> lines = IntStream.rangeClosed(1, 50)
                .mapToObj(i -> new OrderLine("p" + i, 1, BigDecimal.ONE)).toList();
        fixture.givenNoPriorActivity()
                .when(new CreateOrder(ORDER, "alice", lines, "THB"))
                .expectEvents(new OrderCreated(ORDER, "alice", lines, new BigDecimal("50.00"), "THB"));
    }

    @Test
    void rejectsLineWithQuantityBelowOne() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrder(ORDER, "alice", List.of(new OrderLine("apple", 0, BigDecimal.TEN)), "THB"))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void rejectsLineWithoutPositivePrice() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrder(ORDER, "alice", List.of(new OrderLine("apple", 1, BigDecimal.ZERO)), "THB"))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void rejectsSameProductOnTwoLines() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrder(ORDER, "alice", List.of(new OrderLine("apple", 1, BigDecimal.TEN),
                        new OrderLine("apple", 2, BigDecimal.TEN)), "THB"))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void confirmsPaymentOfPendingOrder() {
        fixture.given(CREATED)
                .when(new ConfirmPayment(ORDER, PAYMENT, new BigDecimal("32.00")))
                .expectEvents(CONFIRMED);
    }

    @Test
    void confirmingTheSamePaymentAgainChangesNothing() {
        fixture.given(CREATED, CONFIRMED)
                .when(new ConfirmPayment(ORDER, PAYMENT, new BigDecimal("32.00")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void cannotConfirmAnotherPaymentOfConfirmedOrder() {
        fixture.given(CREATED, CONFIRMED)
                .when(new ConfirmPayment(ORDER, "payment-2", new BigDecimal("32.00")))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void cannotConfirmPaymentOfCancelledOrder() {
        fixture.given(CREATED, new OrderCancelled(ORDER, "Payment timed out"))
                .when(new ConfirmPayment(ORDER, PAYMENT, new BigDecimal("32.00")))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void cannotConfirmPaymentOfCompletedOrder() {
        fixture.given(CREATED, CONFIRMED, new OrderCompleted(ORDER))
                .when(new ConfirmPayment(ORDER, PAYMENT, new BigDecimal("32.00")))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void completesConfirmedOrder() {
        fixture.given(CREATED, CONFIRMED)
                .when(new CompleteOrder(ORDER))
                .expectEvents(new OrderCompleted(ORDER));
    }

    @Test
    void completingTheOrderAgainChangesNothing() {
        fixture.given(CREATED, CONFIRMED, new OrderCompleted(ORDER))
                .when(new CompleteOrder(ORDER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void cannotCompleteUnpaidOrder() {
        fixture.given(CREATED)
                .when(new CompleteOrder(ORDER))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void cannotCompleteCancelledOrder() {
        fixture.given(CREATED, CONFIRMED, new OrderCancelled(ORDER, "Inventory timed out"))
                .when(new CompleteOrder(ORDER))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }

    @Test
    void cancelsPendingOrder() {
        fixture.given(CREATED)
                .when(new CancelOrder(ORDER, "Payment failed: Insufficient funds"))
                .expectEvents(new OrderCancelled(ORDER, "Payment failed: Insufficient funds"));
    }

    @Test
    void cancelsConfirmedOrder() {
        fixture.given(CREATED, CONFIRMED)
                .when(new CancelOrder(ORDER, "Inventory not available"))
                .expectEvents(new OrderCancelled(ORDER, "Inventory not available"));
    }

    @Test
    void cancellingTheOrderAgainChangesNothing() {
        fixture.given(CREATED, new OrderCancelled(ORDER, "Payment timed out"))
                .when(new CancelOrder(ORDER, "Payment timed out"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void cannotCancelCompletedOrder() {
        fixture.given(CREATED, CONFIRMED, new OrderCompleted(ORDER))
                .when(new CancelOrder(ORDER, "changed my mind"))
                .expectException(OrderRejected.class)
                .expectNoEvents();
    }
}
