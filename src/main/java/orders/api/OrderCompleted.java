package orders.api;

public record OrderCompleted(String orderId) {
}
