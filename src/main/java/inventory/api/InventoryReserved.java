package inventory.api;

import java.util.List;

public record InventoryReserved(String orderId, List<StockLine> items) {
}
