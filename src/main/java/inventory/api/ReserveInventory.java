package inventory.api;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reserves every line of an order or none of them. */
public record ReserveInventory(@TargetAggregateIdentifier String orderId, List<StockLine> items) {
}
