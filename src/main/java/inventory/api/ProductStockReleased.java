package inventory.api;

/** A product's share of a released reservation, in the product's own stream. */
public record ProductStockReleased(String productId, String orderId, int quantity) {
}
