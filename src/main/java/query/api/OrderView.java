package query.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import orders.api.OrderStatus;

/**
 * An order as the read side knows it. {@code history} lists each status the order entered, oldest first, with
 * the time of the event and, for a cancellation, its reason. {@code version} is the order's aggregate version.
 */
public record OrderView(String orderId, String customerId, List<Line> items, BigDecimal totalAmount,
                        String currency, OrderStatus status, String paymentId, Instant createdAt,
                        Instant confirmedAt, Instant completedAt, Instant cancelledAt, String cancelReason,
                        List<StatusChange> history, long version) {

    public record Line(String productId, int quantity, BigDecimal unitPrice) {
    }

    public record StatusChange(OrderStatus status, Instant at, String reason) {
    }
}
