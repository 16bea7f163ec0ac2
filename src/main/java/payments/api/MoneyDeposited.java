package payments.api;

import java.math.BigDecimal;

import org.axonframework.serialization.Revision;

/**
 * Revision 2 names the currency {@code currencyCode} (an ISO 4217 code); revision 1, stored without a revision
 * number, called it {@code currency}. Stored revision-1 events are upcast when read.
 */
@Revision("2")
public record MoneyDeposited(String customerId, BigDecimal amount, String currencyCode) {
}
