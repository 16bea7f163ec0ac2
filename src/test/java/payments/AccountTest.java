package payments;

import java.math.BigDecimal;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import payments.api.AccountOpened;
import payments.api.DepositMoney;
import payments.api.MoneyDeposited;
import payments.api.MoneyWithdrawn;
import payments.api.OpenAccount;
import payments.api.PaymentFailed;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;
import payments.api.ProcessPayment;
import payments.api.RefundPayment;
import payments.api.WithdrawMoney;

class AccountTest {

    private static final String ALICE = "alice";
    private static final String THB = "THB";

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    private static BigDecimal thb(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void opensAccountWithInitialDeposit() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount(ALICE, thb("1000.00"), THB))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("1000.00"), THB));
    }

    @Test
    void opensAccountWithoutDeposit() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount(ALICE, null, THB))
                .expectEvents(new AccountOpened(ALICE, THB));
    }

    @Test
    void cannotOpenSecondAccountForSameCustomer() {
        fixture.given(new AccountOpened(ALICE, THB))
                .when(new OpenAccount(ALICE, thb("5.00"), THB))
                .expectException(AccountAlreadyOpened.class)
                .expectNoEvents();
    }

    @Test
    void cannotOpenWithNegativeDeposit() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount(ALICE, thb("-1.00"), THB))
                .expectException(InvalidAmount.class);
    }

    @Test
    void opensAccountForCustomerWhosePaymentFailedBefore() {
        fixture.given(new PaymentFailed("p1", "o1", ALICE, thb("10.00"), THB, "No account for customer alice"))
                .when(new OpenAccount(ALICE, thb("20.00"), THB))
                .expectEvents(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("20.00"), THB));
    }

    @Test
    void depositsMoney() {
        fixture.given(new AccountOpened(ALICE, THB))
                .when(new DepositMoney(ALICE, thb("250.50"), null))
                .expectEvents(new MoneyDeposited(ALICE, thb("250.50"), THB));
    }

    @Test
    void cannotDepositZeroOrFractionsOfSatang() {
        fixture.given(new AccountOpened(ALICE, THB))
                .when(new DepositMoney(ALICE, thb("0.00"), null))
                .expectException(InvalidAmount.class);
        fixture.given(new AccountOpened(ALICE, THB))
                .when(new DepositMoney(ALICE, thb("1.005"), null))
                .expectException(InvalidAmount.class);
    }

    @Test
    void cannotDepositIntoMissingAccount() {
        fixture.givenNoPriorActivity()
                .when(new DepositMoney(ALICE, thb("1.00"), null))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void cannotDepositIntoAccountThatWasNeverOpened() {
        fixture.given(new PaymentFailed("p1", "o1", ALICE, thb("10.00"), THB, "No account for customer alice"))
                .when(new DepositMoney(ALICE, thb("1.00"), null))
                .expectException(AccountNotFound.class);
    }

    @Test
    void withdrawsMoney() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB))
                .when(new WithdrawMoney(ALICE, thb("100.00"), null))
                .expectEvents(new MoneyWithdrawn(ALICE, thb("100.00"), THB));
    }

    @Test
    void cannotWithdrawMoreThanBalance() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB),
                        new PaymentProcessed("p1", "o1", ALICE, thb("60.00"), THB))
                .when(new WithdrawMoney(ALICE, thb("40.01"), null))
                .expectException(InsufficientFunds.class)
                .expectNoEvents();
    }

    @Test
    void processesPaymentWhenFundsSuffice() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB))
                .when(new ProcessPayment("p1", "o1", ALICE, thb("100.00"), THB))
                .expectEvents(new PaymentProcessed("p1", "o1", ALICE, thb("100.00"), THB));
    }

    @Test
    void failsPaymentWhenFundsAreShort() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("99.99"), THB))
                .when(new ProcessPayment("p1", "o1", ALICE, thb("100.00"), THB))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PaymentFailed("p1", "o1", ALICE, thb("100.00"), THB,
                        "Insufficient funds: balance 99.99, needed 100.00"));
    }

    @Test
    void failsPaymentWhenCustomerHasNoAccount() {
        fixture.givenNoPriorActivity()
                .when(new ProcessPayment("p1", "o1", ALICE, thb("10.00"), THB))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PaymentFailed("p1", "o1", ALICE, thb("10.00"), THB,
                        "No account for customer alice"));
    }

    @Test
    void failsPaymentInAnotherCurrency() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB))
                .when(new ProcessPayment("p1", "o1", ALICE, thb("10.00"), "EUR"))
                .expectEvents(new PaymentFailed("p1", "o1", ALICE, thb("10.00"), "EUR",
                        "Account is in THB, payment in EUR"));
    }

    @Test
    void chargesSamePaymentOnlyOnce() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB),
                        new PaymentProcessed("p1", "o1", ALICE, thb("60.00"), THB))
                .when(new ProcessPayment("p1", "o1", ALICE, thb("60.00"), THB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refundsProcessedPayment() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB),
                        new PaymentProcessed("p1", "o1", ALICE, thb("60.00"), THB))
                .when(new RefundPayment("p1", "o1", ALICE, "Inventory not available"))
                .expectEvents(new PaymentRefunded("p1", "o1", ALICE, thb("60.00"), THB, "Inventory not available"));
    }

    @Test
    void refundsPaymentOnlyOnce() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB),
                        new PaymentProcessed("p1", "o1", ALICE, thb("60.00"), THB),
                        new PaymentRefunded("p1", "o1", ALICE, thb("60.00"), THB, "Inventory not available"))
                .when(new RefundPayment("p1", "o1", ALICE, "Inventory not available"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refundOfUnknownPaymentChangesNothing() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB))
                .when(new RefundPayment("p9", "o9", ALICE, "Payment timed out"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refundedMoneyCanBeSpentAgain() {
        fixture.given(new AccountOpened(ALICE, THB), new MoneyDeposited(ALICE, thb("100.00"), THB),
                        new PaymentProcessed("p1", "o1", ALICE, thb("100.00"), THB),
                        new PaymentRefunded("p1", "o1", ALICE, thb("100.00"), THB, "Inventory not available"))
                .when(new WithdrawMoney(ALICE, thb("100.00"), null))
                .expectEvents(new MoneyWithdrawn(ALICE, thb("100.00"), THB));
    }
}
