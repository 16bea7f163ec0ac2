package inventory.api;

/** A product's share of an order's reservation, in the product's own stream. */
public record ProductStockReserved(String productId, String orderId, int quantity) {
}
