package payments;

import java.math.BigDecimal;

class InvalidAmount extends RuntimeException {

    InvalidAmount(BigDecimal amount) {
        super("Amount " + (amount == null ? "null" : amount.toPlainString())
                + " is not a positive amount with at most two decimals.");
    }
}
