package orders.api;

import java.math.BigDecimal;
import java.util.List;

public record OrderCreated(String orderId, String customerId, List<OrderLine> items, BigDecimal totalAmount,
                           String currency) {
}
