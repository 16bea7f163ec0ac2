package payments.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundPayment(String paymentId, String orderId, String customerId,
                            String reason) {

    @TargetAggregateIdentifier
    public String accountId() {
        return OpenAccount.accountIdOf(customerId);
    }
}
