package orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import orders.api.CancelOrder;
import orders.api.CreateOrder;
import orders.api.OrderCancelled;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.OrderStatus;
import orders.api.PaymentConfirmed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One customer order: PENDING until paid, CONFIRMED until its stock is reserved, then COMPLETED; CANCELLED from
 * PENDING or CONFIRMED. A repeat of the command that produced the current status is accepted and changes nothing,
 * because the saga's commands are delivered at least once.
 */
@Aggregate(cache = "aggregateCache")
class Order {

    static final int MAX_LINES = 50;

    @AggregateIdentifier
    private String orderId;
    private OrderStatus status;
    private String paymentId;

    Order() {
    }

    @CommandHandler
    Order(CreateOrder command) {
        List<OrderLine> items = command.items();
        if (items == null || items.isEmpty() || items.size() > MAX_LINES) {
            throw new OrderRejected("An order has 1 to " + MAX_LINES + " lines.");
        }
        Set<String> products = new HashSet<>();
        for (OrderLine line : items) {
            if (line.quantity() < 1) {
                throw new OrderRejected("Quantity of product " + line.productId() + " must be at least 1.");
            }
            if (line.unitPrice() == null || line.unitPrice().signum() <= 0) {
                throw new OrderRejected("Unit price of product " + line.productId() + " must be positive.");
            }
            if (!products.add(line.productId())) {
                throw new OrderRejected("Product " + line.productId() + " appears on more than one line.");
            }
        }
        if (command.customerId() == null || command.customerId().isBlank()
                || command.currency() == null || command.currency().isBlank()) {
            throw new OrderRejected("An order needs a customer and a currency.");
        }
        BigDecimal total = items.stream().map(OrderLine::lineTotal)
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.HALF_UP);
        apply(new OrderCreated(command.orderId(), command.customerId(), List.copyOf(items), total,
                command.currency()));
    }

    @CommandHandler
    void handle(ConfirmPayment command) {
        if (status == OrderStatus.CONFIRMED && command.paymentId().equals(paymentId)) {
            return;
        }
        requireStatus(OrderStatus.PENDING, "confirm a payment for");
        apply(new PaymentConfirmed(orderId, command.paymentId(), command.amount()));
    }

    @CommandHandler
    void handle(CompleteOrder command) {
        if (status == OrderStatus.COMPLETED) {
            return;
        }
        requireStatus(OrderStatus.CONFIRMED, "complete");
        apply(new OrderCompleted(orderId));
    }

    @CommandHandler
    void handle(CancelOrder command) {
        if (status == OrderStatus.CANCELLED) {
            return;
        }
        if (status.isFinal()) {
            throw new OrderRejected("Cannot cancel order " + orderId + ": it is " + status + ".");
        }
        apply(new OrderCancelled(orderId, command.reason()));
    }

    private void requireStatus(OrderStatus expected, String action) {
        if (status != expected) {
            throw new OrderRejected("Cannot " + action + " order " + orderId + ": it is " + status
                    + ", not " + expected + ".");
        }
    }

    @EventSourcingHandler
    void on(OrderCreated event) {
        orderId = event.orderId();
        status = OrderStatus.PENDING;
    }

    @EventSourcingHandler
    void on(PaymentConfirmed event) {
        paymentId = event.paymentId();
        status = OrderStatus.CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderCompleted event) {
        status = OrderStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(OrderCancelled event) {
        status = OrderStatus.CANCELLED;
    }
}
