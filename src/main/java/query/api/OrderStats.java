package query.api;

import java.math.BigDecimal;

/** Over the orders that are CONFIRMED or COMPLETED; {@code averageOrderValue} is rounded to two places. */
public record OrderStats(long totalOrders, BigDecimal totalRevenue, BigDecimal averageOrderValue) {
}
