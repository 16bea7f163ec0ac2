package inventory.api;

public record ProductRestocked(String productId, int quantity) {
}
