package inventory.api;

/** One line of a reservation: how many units of which product. */
public record StockLine(String productId, int quantity) {
}
