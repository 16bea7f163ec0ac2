package inventory.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives an order's reservation back; arriving first, it makes the reservation fail when it comes. */
public record ReleaseInventory(@TargetAggregateIdentifier String orderId) {
}
