package inventory.api;

public record InventoryReservationFailed(String orderId, String reason) {
}
