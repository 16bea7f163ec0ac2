package inventory.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record RestockProduct(String productId, int quantity,
                             @TargetAggregateVersion Long expectedVersion) {

    @TargetAggregateIdentifier
    public String streamId() {
        return AddProduct.streamIdOf(productId);
    }
}
