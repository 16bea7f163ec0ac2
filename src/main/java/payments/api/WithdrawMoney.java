package payments.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record WithdrawMoney(@TargetAggregateIdentifier String customerId, BigDecimal amount,
                            @TargetAggregateVersion Long expectedVersion) {
}
