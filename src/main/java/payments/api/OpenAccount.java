package payments.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the one account a customer may have; {@code initialDeposit} may be null or zero. */
public record OpenAccount(@TargetAggregateIdentifier String customerId, BigDecimal initialDeposit, String currency) {
}
