package payments.api;

import java.math.BigDecimal;

public record MoneyDeposited(String customerId, BigDecimal amount, String currency) {
}
