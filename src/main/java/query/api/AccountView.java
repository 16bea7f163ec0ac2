package query.api;

import java.math.BigDecimal;

/** {@code version} is the account's aggregate version, the value a command's If-Match expects. */
public record AccountView(String customerId, BigDecimal balance, String currency, long version) {
}
