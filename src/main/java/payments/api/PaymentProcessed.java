package payments.api;

import java.math.BigDecimal;

public record PaymentProcessed(String paymentId, String orderId, String customerId, BigDecimal amount,
                               String currency) {
}
