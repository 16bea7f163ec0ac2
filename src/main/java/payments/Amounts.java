package payments;

import java.math.BigDecimal;

/** Money on an account: decimals with at most two places, in the account's currency. */
final class Amounts {

    private Amounts() {
    }

    static void requirePositive(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidAmount(amount);
        }
    }

    static void requireNotNegative(BigDecimal amount) {
        if (amount.signum() < 0 || amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidAmount(amount);
        }
    }
}
