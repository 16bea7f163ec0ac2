package inventory.api;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reserves every line of an order or none of them. */
public record ReserveInventory(String orderId, List<StockLine> items) {

    /** The reservation's own stream: the order id alone names the order's stream in the same event store. */
    @TargetAggregateIdentifier
    public String reservationId() {
        return reservationIdOf(orderId);
    }

    public static String reservationIdOf(String orderId) {
        return "reservation-" + orderId;
    }
}
