package inventory.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives an order's reservation back; arriving first, it makes the reservation fail when it comes. */
public record ReleaseInventory(String orderId) {

    /** The reservation's own stream: the order id alone names the order's stream in the same event store. */
    @TargetAggregateIdentifier
    public String reservationId() {
        return ReserveInventory.reservationIdOf(orderId);
    }
}
