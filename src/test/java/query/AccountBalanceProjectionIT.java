package query;

import java.math.BigDecimal;
import java.util.Optional;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.Test;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;
import payments.api.MoneyWithdrawn;
import payments.api.PaymentFailed;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;
import query.api.AccountView;
import query.api.FindAccount;

import static org.assertj.core.api.Assertions.assertThat;

class AccountBalanceProjectionIT extends AbstractReadSideIT {

    @Test
    void balanceIsDepositsLessWithdrawalsLessPaymentsPlusRefunds() {
        String customerId = id("customer");
        publish("Account", customerId, 0, new AccountOpened(customerId, "THB"));
        publish("Account", customerId, 1, new MoneyDeposited(customerId, new BigDecimal("1000.50"), "THB"));
        publish("Account", customerId, 2, new MoneyWithdrawn(customerId, new BigDecimal("100.25"), "THB"));
        publish("Account", customerId, 3, new PaymentProcessed("pay-1", "order-1", customerId,
                new BigDecimal("300.00"), "THB"));
        publish("Account", customerId, 4, new PaymentProcessed("pay-2", "order-2", customerId,
                new BigDecimal("50.00"), "THB"));
        publish("Account", customerId, 5, new PaymentRefunded("pay-2", "order-2", customerId,
                new BigDecimal("50.00"), "THB", "Inventory not available"));

        AccountView account = eventually().until(() -> account(customerId),
                found -> found.map(AccountView::version).orElse(-1L) == 5).orElseThrow();

        assertThat(account.balance()).isEqualByComparingTo("600.25");
        assertThat(account.currency()).isEqualTo("THB");
    }

    @Test
    void aFailedPaymentOnTheAccountMovesItsVersionButNotItsBalance() {
        String customerId = id("customer");
        publish("Account", customerId, 0, new AccountOpened(customerId, "THB"));
        publish("Account", customerId, 1, new MoneyDeposited(customerId, new BigDecimal("10.00"), "THB"));
        publish("Account", customerId, 2, new PaymentFailed("pay-1", "order-1", customerId, new BigDecimal("20.00"),
                "THB", "Insufficient funds"));

        AccountView account = eventually().until(() -> account(customerId),
                found -> found.map(AccountView::version).orElse(-1L) == 2).orElseThrow();

        assertThat(account.balance()).isEqualByComparingTo("10.00");
    }

    @Test
    void anUnknownAccountIsEmpty() {
        assertThat(account(id("nobody"))).isEmpty();
    }

    private Optional<AccountView> account(String customerId) {
        return queries.query(new FindAccount(customerId), ResponseTypes.optionalInstanceOf(AccountView.class)).join();
    }
}
