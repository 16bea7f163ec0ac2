package orders.api;

public record OrderCancelled(String orderId, String reason) {
}
