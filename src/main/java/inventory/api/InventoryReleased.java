package inventory.api;

import java.util.List;

/** {@code items} is empty when the release came before any reservation. */
public record InventoryReleased(String orderId, List<StockLine> items) {
}
