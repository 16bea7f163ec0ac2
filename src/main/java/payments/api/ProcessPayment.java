package payments.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Charges a customer's account for an order; answered by PaymentProcessed or PaymentFailed, never by an error. */
public record ProcessPayment(String paymentId, String orderId, String customerId,
                             BigDecimal amount, String currency) {

    @TargetAggregateIdentifier
    public String accountId() {
        return OpenAccount.accountIdOf(customerId);
    }
}
