package payments;

import java.math.BigDecimal;

class InsufficientFunds extends RuntimeException {

    InsufficientFunds(String customerId, BigDecimal balance, BigDecimal requested) {
        super("Account of " + customerId + " holds " + balance.toPlainString() + ", less than the "
                + requested.toPlainString() + " asked for.");
    }
}
