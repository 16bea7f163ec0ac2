package inventory.api;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddProduct(String productId, String name, BigDecimal price,
                         String currency, int initialStock) {

    /** The product's stream in the event store; prefixed, since a product id may equal another aggregate's id. */
    @TargetAggregateIdentifier
    public String streamId() {
        return streamIdOf(productId);
    }

    public static String streamIdOf(String productId) {
        return "product-" + productId;
    }
}
