package orders.api;

import java.math.BigDecimal;

public record PaymentConfirmed(String orderId, String paymentId, BigDecimal amount) {
}
