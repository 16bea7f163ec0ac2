package inventory.api;

import java.math.BigDecimal;

public record CatalogueEntry(String productId, String name, BigDecimal price, String currency) {
}
