package inventory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import inventory.api.AddProduct;
import inventory.api.ProductAdded;
import inventory.api.ProductRestocked;
import inventory.api.ProductStockReleased;
import inventory.api.ProductStockReserved;
import inventory.api.RestockProduct;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A product of the catalogue and its stock. Reservations change stock through {@link Reservation}, which takes
 * every line of an order from its products in one transaction.
 */
@Aggregate(repository = "productRepository")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Product {

    @AggregateIdentifier
    private String streamId;
    private String productId;
    private int available;

    Product() {
    }

    @CommandHandler
    Product(AddProduct command) {
        if (command.price() == null || command.price().signum() <= 0 || command.price().stripTrailingZeros().scale() > 2) {
            throw new InvalidProduct("Price must be positive with at most two decimals.");
        }
        if (command.initialStock() < 0) {
            throw new InvalidProduct("Initial stock cannot be negative.");
        }
        apply(new ProductAdded(command.productId(), command.name(), command.price(), command.currency(),
                command.initialStock()));
    }

    @CommandHandler
    void handle(RestockProduct command) {
        if (command.quantity() <= 0) {
            throw new InvalidProduct("Restock quantity must be positive.");
        }
        if ((long) available + command.quantity() > Integer.MAX_VALUE) {
            throw new InvalidProduct("Stock would exceed " + Integer.MAX_VALUE + " units.");
        }
        apply(new ProductRestocked(productId, command.quantity()));
    }

    boolean canReserve(int quantity) {
        return quantity <= available;
    }

    void reserve(String orderId, int quantity) {
        if (!canReserve(quantity)) {
            throw new IllegalStateException("Stock of " + productId + " would go below zero");
        }
        apply(new ProductStockReserved(productId, orderId, quantity));
    }

    void release(String orderId, int quantity) {
        apply(new ProductStockReleased(productId, orderId, quantity));
    }

    @EventSourcingHandler
    void on(ProductAdded event) {
        streamId = AddProduct.streamIdOf(event.productId());
        productId = event.productId();
        available = event.initialStock();
    }

    @EventSourcingHandler
    void on(ProductRestocked event) {
        available += event.quantity();
    }

    @EventSourcingHandler
    void on(ProductStockReserved event) {
        available -= event.quantity();
    }

    @EventSourcingHandler
    void on(ProductStockReleased event) {
        available += event.quantity();
    }
}
