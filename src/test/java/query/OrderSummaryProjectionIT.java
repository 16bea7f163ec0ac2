package query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import orders.api.OrderCancelled;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.OrderStatus;
import orders.api.PaymentConfirmed;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.Test;
import query.api.FindCustomerOrders;
import query.api.FindOrder;
import query.api.GetOrderStats;
import query.api.OrderStats;
import query.api.OrderView;

import static org.assertj.core.api.Assertions.assertThat;

class OrderSummaryProjectionIT extends AbstractReadSideIT {

    @Test
    void followsAnOrderFromPendingToCompleted() {
        String orderId = fabricatedOrderId();
        String customerId = id("customer");
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish("Order", orderId, 0, new OrderCreated(orderId, customerId, List.of(
                new OrderLine("p-1", 2, new BigDecimal("10.25")), new OrderLine("p-2", 1, new BigDecimal("5.00"))),
                new BigDecimal("25.50"), "THB"), "c-" + orderId, created);
        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-1", new BigDecimal("25.50")),
                "c-" + orderId, created.plusMillis(10));
        publish("Order", orderId, 2, new OrderCompleted(orderId), "c-" + orderId, created.plusMillis(20));

        OrderView view = eventually().until(() -> order(orderId),
                found -> found.isPresent() && found.get().status() == OrderStatus.COMPLETED).orElseThrow();

        assertThat(view.customerId()).isEqualTo(customerId);
        assertThat(view.items()).containsExactly(new OrderView.Line("p-1", 2, new BigDecimal("10.25")),
                new OrderView.Line("p-2", 1, new BigDecimal("5.00")));
        assertThat(view.totalAmount()).isEqualByComparingTo("25.50");
        assertThat(view.currency()).isEqualTo("THB");
        assertThat(view.paymentId()).isEqualTo("pay-1");
        assertThat(view.createdAt()).isEqualTo(created);
        assertThat(view.confirmedAt()).isEqualTo(created.plusMillis(10));
        assertThat(view.completedAt()).isEqualTo(created.plusMillis(20));
        assertThat(view.cancelledAt()).isNull();
        assertThat(view.history()).extracting(OrderView.StatusChange::status)
                .containsExactly(OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.COMPLETED);
        assertThat(view.version()).isEqualTo(2);
    }

    @Test
    void keepsTheReasonOfACancellation() {
        String orderId = fabricatedOrderId();
        publish("Order", orderId, 0, created(orderId, id("customer"), "12.00"));
        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-2", new BigDecimal("12.00")));
        publish("Order", orderId, 2, new OrderCancelled(orderId, "Payment failed: insufficient funds"));

        OrderView view = eventually().until(() -> order(orderId),
                found -> found.isPresent() && found.get().status() == OrderStatus.CANCELLED).orElseThrow();

        assertThat(view.cancelReason()).isEqualTo("Payment failed: insufficient funds");
        assertThat(view.history()).extracting(OrderView.StatusChange::status, OrderView.StatusChange::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OrderStatus.PENDING, null),
                        org.assertj.core.groups.Tuple.tuple(OrderStatus.CONFIRMED, null),
                        org.assertj.core.groups.Tuple.tuple(OrderStatus.CANCELLED, "Payment failed: insufficient funds"));
    }

    @Test
    void listsACustomersOrdersNewestFirstUpToTheLimit() {
        String customerId = id("customer");
        Instant now = Instant.now();
        String oldest = fabricatedOrderId();
        String middle = fabricatedOrderId();
        String newest = fabricatedOrderId();
        publish("Order", middle, 0, created(middle, customerId, "2.00"), "c", now.minusSeconds(60));
        publish("Order", newest, 0, created(newest, customerId, "3.00"), "c", now);
        publish("Order", oldest, 0, created(oldest, customerId, "1.00"), "c", now.minusSeconds(120));
        publish("Order", fabricatedOrderId(), 0, created(fabricatedOrderId(), id("customer"), "9.00"), "c", now);

        eventually().until(() -> customerOrders(customerId, 10).size() == 3);

        assertThat(customerOrders(customerId, 10)).extracting(OrderView::orderId).containsExactly(newest, middle, oldest);
        assertThat(customerOrders(customerId, 2)).extracting(OrderView::orderId).containsExactly(newest, middle);
    }

    @Test
    void countsRevenueOfConfirmedAndCompletedOrdersOnly() {
        OrderStats before = stats();
        String confirmed = fabricatedOrderId();
        String completed = fabricatedOrderId();
        String pending = fabricatedOrderId();
        String cancelled = fabricatedOrderId();
        publish("Order", confirmed, 0, created(confirmed, id("customer"), "100.00"));
        publish("Order", confirmed, 1, new PaymentConfirmed(confirmed, "pay-a", new BigDecimal("100.00")));
        publish("Order", completed, 0, created(completed, id("customer"), "50.01"));
        publish("Order", completed, 1, new PaymentConfirmed(completed, "pay-b", new BigDecimal("50.01")));
        publish("Order", completed, 2, new OrderCompleted(completed));
        publish("Order", pending, 0, created(pending, id("customer"), "7.00"));
        publish("Order", cancelled, 0, created(cancelled, id("customer"), "8.00"));
        publish("Order", cancelled, 1, new PaymentConfirmed(cancelled, "pay-c", new BigDecimal("8.00")));
        publish("Order", cancelled, 2, new OrderCancelled(cancelled, "Inventory not available"));

        eventually().until(() -> order(cancelled).map(OrderView::status).orElse(null) == OrderStatus.CANCELLED
                && order(completed).map(OrderView::status).orElse(null) == OrderStatus.COMPLETED);

        OrderStats after = stats();
        assertThat(after.totalOrders() - before.totalOrders()).isEqualTo(2);
        assertThat(after.totalRevenue().subtract(before.totalRevenue())).isEqualByComparingTo("150.01");
        assertThat(after.averageOrderValue()).isEqualByComparingTo(after.totalRevenue()
                .divide(BigDecimal.valueOf(after.totalOrders()), 2, java.math.RoundingMode.HALF_EVEN));
    }

    private static OrderCreated created(String orderId, String customerId, String amount) {
        return new OrderCreated(orderId, customerId, List.of(new OrderLine("p-1", 1, new BigDecimal(amount))),
                new BigDecimal(amount), "THB");
    }

    private Optional<OrderView> order(String orderId) {
        return queries.query(new FindOrder(orderId), ResponseTypes.optionalInstanceOf(OrderView.class)).join();
    }

    private List<OrderView> customerOrders(String customerId, int limit) {
        return queries.query(new FindCustomerOrders(customerId, limit),
                ResponseTypes.multipleInstancesOf(OrderView.class)).join();
    }

    private OrderStats stats() {
        return queries.query(new GetOrderStats(), ResponseTypes.instanceOf(OrderStats.class)).join();
    }
}
