package inventory.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record RestockProduct(@TargetAggregateIdentifier String productId, int quantity,
                             @TargetAggregateVersion Long expectedVersion) {
}
