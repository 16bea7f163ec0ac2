package query.api;

/**
 * Answered with an {@code Optional<OrderView>}, empty while the order is not projected yet. As a subscription
 * query, every later change of the order comes as an {@code OrderView} update.
 */
public record FindOrder(String orderId) {
}
