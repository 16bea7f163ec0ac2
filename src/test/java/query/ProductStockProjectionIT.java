package query;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import inventory.api.ProductAdded;
import inventory.api.ProductRestocked;
import inventory.api.ProductStockReleased;
import inventory.api.ProductStockReserved;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.Test;
import query.api.FindAllProducts;
import query.api.FindProduct;
import query.api.ProductView;

import static org.assertj.core.api.Assertions.assertThat;

class ProductStockProjectionIT extends AbstractReadSideIT {

    @Test
    void availableIsInitialStockPlusRestocksLessReservedPlusReleased() {
        String productId = id("product");
        publish("Product", productId, 0, new ProductAdded(productId, "Teapot", new BigDecimal("450.00"), "THB", 10));
        publish("Product", productId, 1, new ProductRestocked(productId, 5));
        publish("Product", productId, 2, new ProductStockReserved(productId, "order-1", 4));
        publish("Product", productId, 3, new ProductStockReserved(productId, "order-2", 3));
        publish("Product", productId, 4, new ProductStockReleased(productId, "order-2", 3));

        ProductView product = eventually().until(() -> product(productId),
                found -> found.map(ProductView::version).orElse(-1L) == 4).orElseThrow();

        assertThat(product).isEqualTo(new ProductView(productId, "Teapot", new BigDecimal("450.00"), "THB", 11, 4));
    }

    @Test
    void listsEveryProductById() {
        String first = "a" + id("product");
        String second = "b" + id("product");
        publish("Product", second, 0, new ProductAdded(second, "Cup", new BigDecimal("80.00"), "THB", 1));
        publish("Product", first, 0, new ProductAdded(first, "Saucer", new BigDecimal("60.00"), "THB", 2));

        List<ProductView> all = eventually().until(this::allProducts, products -> products.stream()
                .filter(product -> product.productId().equals(first) || product.productId().equals(second))
                .count() == 2);

        assertThat(all).extracting(ProductView::productId).isSorted().contains(first, second);
    }

    private Optional<ProductView> product(String productId) {
        return queries.query(new FindProduct(productId), ResponseTypes.optionalInstanceOf(ProductView.class)).join();
    }

    private List<ProductView> allProducts() {
        return queries.query(new FindAllProducts(), ResponseTypes.multipleInstancesOf(ProductView.class)).join();
    }
}
