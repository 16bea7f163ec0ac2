package inventory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import inventory.api.AddProduct;
import inventory.api.StockLine;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Takes stock from, and gives it back to, the products of an order inside the command's unit of work, so that the
 * events of every product and of the reservation commit together or not at all. Products are locked in id order,
 * so two orders for the same products never wait on each other in a circle.
 */
@Component
class ProductStock {

    private final Repository<Product> products;

    ProductStock(@Qualifier("productRepository") Repository<Product> products) {
        this.products = products;
    }

    /** Reserves every line, or none and tells why. */
    Optional<String> reserve(String orderId, List<StockLine> lines) {
        Map<String, Integer> wanted = byProduct(lines);
        Map<String, Aggregate<Product>> loaded = new TreeMap<>();
        for (Map.Entry<String, Integer> line : wanted.entrySet()) {
            Aggregate<Product> product;
            try {
                product = products.load(AddProduct.streamIdOf(line.getKey()));
            } catch (AggregateNotFoundException unknown) {
                return Optional.of("Unknown product " + line.getKey());
            }
            if (!product.invoke(p -> p.canReserve(line.getValue()))) {
                return Optional.of("Insufficient stock for product " + line.getKey());
            }
            loaded.put(line.getKey(), product);
        }
        wanted.forEach((productId, quantity) -> loaded.get(productId).execute(p -> p.reserve(orderId, quantity)));
        return Optional.empty();
    }

    void release(String orderId, List<StockLine> lines) {
        byProduct(lines).forEach((productId, quantity) ->
                products.load(AddProduct.streamIdOf(productId)).execute(p -> p.release(orderId, quantity)));
    }

    private static Map<String, Integer> byProduct(List<StockLine> lines) {
        Map<String, Integer> wanted = new TreeMap<>(Comparator.naturalOrder());
        lines.forEach(line -> wanted.merge(line.productId(), line.quantity(), Integer::sum));
        return wanted;
    }
}
