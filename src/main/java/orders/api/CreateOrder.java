package orders.api;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code items} carry the catalogue's unit prices at the time of the order, never a client's. */
public record CreateOrder(@TargetAggregateIdentifier String orderId, String customerId, List<OrderLine> items,
                          String currency) {
}
