package query.api;

import java.math.BigDecimal;

/**
 * {@code available} is what can still be ordered: initial stock + restocks - reserved + released.
 * {@code version} is the product's aggregate version, the value a command's If-Match expects.
 */
public record ProductView(String productId, String name, BigDecimal price, String currency, int available,
                          long version) {
}
