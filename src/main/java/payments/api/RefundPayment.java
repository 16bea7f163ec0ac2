package payments.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundPayment(String paymentId, String orderId, @TargetAggregateIdentifier String customerId,
                            String reason) {
}
