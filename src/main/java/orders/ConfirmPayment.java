package orders;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent only by the OrderSaga once payments has charged the customer. */
record ConfirmPayment(@TargetAggregateIdentifier String orderId, String paymentId, BigDecimal amount) {
}
