package query.api;

import java.math.BigDecimal;

/** {@code orderCount}: orders placed; {@code totalSpent}: payments processed for them and not refunded. */
public record CustomerStats(String customerId, long orderCount, BigDecimal totalSpent) {
}
