package payments.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the one account a customer may have; {@code initialDeposit} may be null or zero. */
public record OpenAccount(String customerId, BigDecimal initialDeposit, String currency) {

    /** The account's stream in the event store; prefixed, since a customer id may equal another aggregate's id. */
    @TargetAggregateIdentifier
    public String accountId() {
        return accountIdOf(customerId);
    }

    public static String accountIdOf(String customerId) {
        return "account-" + customerId;
    }
}
