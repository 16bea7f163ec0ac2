package orders;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent only by the OrderSaga once inventory has reserved every line. */
record CompleteOrder(@TargetAggregateIdentifier String orderId) {
}
