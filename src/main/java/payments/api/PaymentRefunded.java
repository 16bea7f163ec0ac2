package payments.api;

import java.math.BigDecimal;

public record PaymentRefunded(String paymentId, String orderId, String customerId, BigDecimal amount,
                              String currency, String reason) {
}
