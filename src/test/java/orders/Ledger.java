package orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import inventory.api.AddProduct;
import inventory.api.ProductAdded;
import inventory.api.ProductRestocked;
import inventory.api.ProductStockReleased;
import inventory.api.ProductStockReserved;
import orders.api.OrderCancelled;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderStatus;
import orders.api.PaymentConfirmed;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import payments.api.MoneyDeposited;
import payments.api.MoneyWithdrawn;
import payments.api.OpenAccount;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;

/**
 * Reads balances, stock and order outcomes straight from the event store, the way each aggregate rebuilds them, so
 * that integration tests need no read model.
 */
public record Ledger(EventStore eventStore) {

    public List<Object> accountPayloads(String customerId) {
        return payloads(OpenAccount.accountIdOf(customerId));
    }

    public List<Object> payloads(String aggregateId) {
        return eventStore.readEvents(aggregateId, 0).asStream().map(EventMessage::getPayload)
                .map(Object.class::cast).toList();
    }

    public BigDecimal balance(String customerId) {
        BigDecimal balance = BigDecimal.ZERO;
        for (Object event : payloads(OpenAccount.accountIdOf(customerId))) {
            if (event instanceof MoneyDeposited deposited) {
                balance = balance.add(deposited.amount());
            } else if (event instanceof MoneyWithdrawn withdrawn) {
                balance = balance.subtract(withdrawn.amount());
            } else if (event instanceof PaymentProcessed processed) {
                balance = balance.subtract(processed.amount());
            } else if (event instanceof PaymentRefunded refunded) {
                balance = balance.add(refunded.amount());
            }
        }
        return balance;
    }

    public int available(String productId) {
        int available = 0;
        for (Object event : payloads(AddProduct.streamIdOf(productId))) {
            if (event instanceof ProductAdded added) {
                available += added.initialStock();
            } else if (event instanceof ProductRestocked restocked) {
                available += restocked.quantity();
            } else if (event instanceof ProductStockReserved reserved) {
                available -= reserved.quantity();
            } else if (event instanceof ProductStockReleased released) {
                available += released.quantity();
            }
        }
        return available;
    }

    public Optional<OrderStatus> status(String orderId) {
        OrderStatus status = null;
        for (Object event : payloads(orderId)) {
            if (event instanceof OrderCreated) {
                status = OrderStatus.PENDING;
            } else if (event instanceof PaymentConfirmed) {
                status = OrderStatus.CONFIRMED;
            } else if (event instanceof OrderCompleted) {
                status = OrderStatus.COMPLETED;
            } else if (event instanceof OrderCancelled) {
                status = OrderStatus.CANCELLED;
            }
        }
        return Optional.ofNullable(status);
    }

    public Optional<String> cancelReason(String orderId) {
        return payloads(orderId).stream()
                .filter(OrderCancelled.class::isInstance).map(OrderCancelled.class::cast)
                .map(OrderCancelled::reason).findFirst();
    }

    public Optional<OrderCreated> created(String orderId) {
        return payloads(orderId).stream()
                .filter(OrderCreated.class::isInstance).map(OrderCreated.class::cast).findFirst();
    }
}
