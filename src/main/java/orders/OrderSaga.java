package orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import inventory.api.InventoryReservationFailed;
import inventory.api.InventoryReserved;
import inventory.api.ReleaseInventory;
import inventory.api.ReserveInventory;
import inventory.api.StockLine;
import orders.api.CancelOrder;
import orders.api.OrderCreated;
import payments.api.PaymentFailed;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;
import payments.api.ProcessPayment;
import payments.api.RefundPayment;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Takes one order through payment and stock reservation to COMPLETED, or undoes what was done and cancels it.
 * It keeps only ids, amounts and where it stands; every step is a command whose failure leads to compensation.
 * Public only because Axon instantiates sagas reflectively without making the constructor accessible.
 */
@Saga
@ProcessingGroup("order-saga")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrderSaga {

    static final String PAYMENT_DEADLINE = "order-payment-timeout";
    static final String INVENTORY_DEADLINE = "order-inventory-timeout";
    static final String RETRY_DEADLINE = "order-compensation-retry";

    static final String PAYMENT_FAILED = "Payment failed: ";
    static final String INVENTORY_NOT_AVAILABLE = "Inventory not available";
    static final String PAYMENT_TIMED_OUT = "Payment timed out";
    static final String INVENTORY_TIMED_OUT = "Inventory timed out";

    private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

    enum Phase { AWAITING_PAYMENT, AWAITING_INVENTORY, AWAITING_LATE_PAYMENT, AWAITING_REFUND, COMPENSATING }

    /** Declared in the order they must run: stock back, money back, then the order cancelled. */
    enum Compensation { RELEASE_INVENTORY, REFUND_PAYMENT, CANCEL_ORDER }

    @Autowired
    private transient CommandGateway commandGateway;
    @Autowired
    private transient DeadlineManager deadlineManager;
    @Autowired
    private transient SagaSettings settings;

    private String orderId;
    private String customerId;
    private String paymentId;
    private BigDecimal amount;
    private String currency;
    private List<StockLine> items;
    private Phase phase;
    private String paymentDeadlineId;
    private String inventoryDeadlineId;
    private String retryDeadlineId;
    private Set<Compensation> pending = new HashSet<>();
    private String cancelReason;
    private boolean orderCancelled;

    public OrderSaga() {
    }

    /**
     * One payment per order, derived from the order id: if this event is handled again (its batch rolled back and
     * was retried), the same payment is asked for and payments charges it once.
     */
    static String paymentIdFor(String orderId) {
        return UUID.nameUUIDFromBytes(("payment/" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCreated event) {
        orderId = event.orderId();
        customerId = event.customerId();
        amount = event.totalAmount();
        currency = event.currency();
        items = event.items().stream().map(line -> new StockLine(line.productId(), line.quantity())).toList();
        paymentId = paymentIdFor(orderId);
        SagaLifecycle.associateWith("paymentId", paymentId);
        phase = Phase.AWAITING_PAYMENT;
        paymentDeadlineId = deadlineManager.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE);
        if (!dispatched(new ProcessPayment(paymentId, orderId, customerId, amount, currency))) {
            cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
            compensate("Payment could not be processed", Compensation.CANCEL_ORDER);
        }
    }

    @SagaEventHandler(associationProperty = "paymentId")
    void on(PaymentProcessed event) {
        if (phase == Phase.AWAITING_LATE_PAYMENT) {
            awaitRefund(PAYMENT_TIMED_OUT);
            return;
        }
        if (phase != Phase.AWAITING_PAYMENT) {
            return;
        }
        cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
        if (!dispatched(new ConfirmPayment(orderId, paymentId, event.amount()))) {
            awaitRefund("Payment could not be confirmed");
            return;
        }
        phase = Phase.AWAITING_INVENTORY;
        inventoryDeadlineId = deadlineManager.schedule(settings.inventoryTimeout(), INVENTORY_DEADLINE);
        if (!dispatched(new ReserveInventory(orderId, items))) {
            cancelDeadline(INVENTORY_DEADLINE, inventoryDeadlineId);
            awaitRefund("Inventory could not be reserved");
        }
    }

    @SagaEventHandler(associationProperty = "paymentId")
    void on(PaymentFailed event) {
        if (phase == Phase.AWAITING_LATE_PAYMENT) {
            SagaLifecycle.end();
            return;
        }
        if (phase != Phase.AWAITING_PAYMENT) {
            return;
        }
        cancelDeadline(PAYMENT_DEADLINE, paymentDeadlineId);
        compensate(PAYMENT_FAILED + event.reason(), Compensation.CANCEL_ORDER);
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(InventoryReserved event) {
        if (phase != Phase.AWAITING_INVENTORY) {
            return;
        }
        cancelDeadline(INVENTORY_DEADLINE, inventoryDeadlineId);
        if (dispatched(new CompleteOrder(orderId))) {
            SagaLifecycle.end();
            return;
        }
        pending.add(Compensation.RELEASE_INVENTORY);
        awaitRefund("Order could not be completed");
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(InventoryReservationFailed event) {
        if (phase != Phase.AWAITING_INVENTORY) {
            return;
        }
        cancelDeadline(INVENTORY_DEADLINE, inventoryDeadlineId);
        awaitRefund(INVENTORY_NOT_AVAILABLE + ": " + event.reason());
    }

    @SagaEventHandler(associationProperty = "paymentId")
    void on(PaymentRefunded event) {
        if (phase != Phase.AWAITING_REFUND) {
            return;
        }
        phase = Phase.COMPENSATING;
        if (!orderCancelled) {
            pending.add(Compensation.CANCEL_ORDER);
        }
        runCompensations();
    }

    /**
     * The order is cancelled, but the saga stays until payments answers: a charge that lands after the timeout
     * must still be refunded, and a refund sent before the charge would be a no-op.
     */
    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void paymentTimedOut() {
        if (phase != Phase.AWAITING_PAYMENT) {
            return;
        }
        phase = Phase.AWAITING_LATE_PAYMENT;
        cancelReason = PAYMENT_TIMED_OUT;
        pending.add(Compensation.CANCEL_ORDER);
        runCompensations();
    }

    /** A release that reaches inventory before a late reservation makes that reservation fail. */
    @DeadlineHandler(deadlineName = INVENTORY_DEADLINE)
    void inventoryTimedOut() {
        if (phase != Phase.AWAITING_INVENTORY) {
            return;
        }
        compensate(INVENTORY_TIMED_OUT,
                Compensation.RELEASE_INVENTORY, Compensation.REFUND_PAYMENT, Compensation.CANCEL_ORDER);
    }

    @DeadlineHandler(deadlineName = RETRY_DEADLINE)
    void retryCompensations() {
        retryDeadlineId = null;
        runCompensations();
    }

    private void compensate(String reason, Compensation... steps) {
        cancelReason = reason;
        phase = Phase.COMPENSATING;
        pending.addAll(List.of(steps));
        runCompensations();
    }

    /** The order is cancelled only once payments reports the money back. */
    private void awaitRefund(String reason) {
        cancelReason = reason;
        phase = Phase.AWAITING_REFUND;
        pending.add(Compensation.REFUND_PAYMENT);
        runCompensations();
    }

    /**
     * A compensation that cannot be delivered is kept and tried again later: giving up would leave money or stock
     * with nobody to give it back.
     */
    private void runCompensations() {
        for (Compensation step : Compensation.values()) {
            if (pending.contains(step) && dispatched(commandFor(step))) {
                pending.remove(step);
                orderCancelled |= step == Compensation.CANCEL_ORDER;
            }
        }
        if (!pending.isEmpty()) {
            if (retryDeadlineId == null) {
                retryDeadlineId = deadlineManager.schedule(settings.retryInterval(), RETRY_DEADLINE);
            }
        } else if (phase == Phase.COMPENSATING) {
            SagaLifecycle.end();
        }
    }

    private Object commandFor(Compensation step) {
        return switch (step) {
            case RELEASE_INVENTORY -> new ReleaseInventory(orderId);
            case REFUND_PAYMENT -> new RefundPayment(paymentId, orderId, customerId, cancelReason);
            case CANCEL_ORDER -> new CancelOrder(orderId, cancelReason);
        };
    }

    /**
     * Waits for the outcome here, inside the saga's unit of work, so that a failure can still change the saga and
     * end it; a callback on the returned future may run later on another thread, where neither is possible.
     */
    private boolean dispatched(Object command) {
        try {
            commandGateway.sendAndWait(command);
            return true;
        } catch (RuntimeException failure) {
            // The cause says what went wrong; where in Axon's dispatching it surfaced would only bury it.
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
            log.warn("Order {}: {} failed ({}: {}); compensating", orderId, command.getClass().getSimpleName(),
                    cause.getClass().getSimpleName(), cause.getMessage());
            return false;
        }
    }

    private void cancelDeadline(String name, String id) {
        if (id != null) {
            deadlineManager.cancelSchedule(name, id);
        }
    }
}
