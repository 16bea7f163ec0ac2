package payments.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** {@code expectedVersion} is optional: when given, a newer account rejects the command. */
public record DepositMoney(String customerId, BigDecimal amount,
                           @TargetAggregateVersion Long expectedVersion) {

    @TargetAggregateIdentifier
    public String accountId() {
        return OpenAccount.accountIdOf(customerId);
    }
}
