package orders;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import orders.api.OrderCancelled;
import orders.api.OrderCompleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * How orders end, for operators: completed, or cancelled for one of a few reasons (a timeout among them). A
 * subscribing group (see application.yml), so it counts on the instance that stored the event, once its transaction
 * has committed: a saga batch that rolls back and is retried counts once.
 */
@Component
@ProcessingGroup(OrderOutcomes.PROCESSING_GROUP)
class OrderOutcomes {

    static final String PROCESSING_GROUP = "order-outcomes";
    static final String COMPLETED = "eventshop.orders.completed";
    static final String CANCELLED = "eventshop.orders.cancelled";

    /** The reason label: a small fixed set, whatever text a reason carries. */
    enum Reason {
        PAYMENT_FAILED, PAYMENT_TIMEOUT, INVENTORY_NOT_AVAILABLE, INVENTORY_TIMEOUT, OTHER;

        static Reason of(String reason) {
            if (reason == null) {
                return OTHER;
            }
            if (reason.startsWith(OrderSaga.PAYMENT_FAILED)) {
                return PAYMENT_FAILED;
            }
            return switch (reason) {
                case OrderSaga.PAYMENT_TIMED_OUT -> PAYMENT_TIMEOUT;
                case OrderSaga.INVENTORY_NOT_AVAILABLE -> INVENTORY_NOT_AVAILABLE;
                case OrderSaga.INVENTORY_TIMED_OUT -> INVENTORY_TIMEOUT;
                default -> OTHER;
            };
        }

        String label() {
            return name().toLowerCase();
        }
    }

    private final Counter completed;
    private final Map<Reason, Counter> cancelled = new EnumMap<>(Reason.class);

    OrderOutcomes(MeterRegistry registry) {
        completed = Counter.builder(COMPLETED)
                .description("Orders completed: paid, stock reserved")
                .register(registry);
        for (Reason reason : Reason.values()) {
            cancelled.put(reason, Counter.builder(CANCELLED)
                    .description("Orders cancelled, by reason (payment_timeout and inventory_timeout: a deadline passed)")
                    .tag("reason", reason.label())
                    .register(registry));
        }
    }

    @EventHandler
    void on(OrderCompleted event, UnitOfWork<?> unitOfWork) {
        unitOfWork.root().afterCommit(committed -> completed.increment());
    }

    @EventHandler
    void on(OrderCancelled event, UnitOfWork<?> unitOfWork) {
        Counter counter = cancelled.get(Reason.of(event.reason()));
        unitOfWork.root().afterCommit(committed -> counter.increment());
    }
}
