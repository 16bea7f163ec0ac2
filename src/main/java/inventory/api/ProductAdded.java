package inventory.api;

import java.math.BigDecimal;

public record ProductAdded(String productId, String name, BigDecimal price, String currency, int initialStock) {
}
