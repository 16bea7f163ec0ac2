package payments.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record WithdrawMoney(String customerId, BigDecimal amount,
                            @TargetAggregateVersion Long expectedVersion) {

    @TargetAggregateIdentifier
    public String accountId() {
        return OpenAccount.accountIdOf(customerId);
    }
}
