package payments.api;

import java.math.BigDecimal;

public record MoneyWithdrawn(String customerId, BigDecimal amount, String currency) {
}
