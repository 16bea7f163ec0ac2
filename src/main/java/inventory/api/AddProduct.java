package inventory.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddProduct(@TargetAggregateIdentifier String productId, String name, BigDecimal price,
                         String currency, int initialStock) {
}
