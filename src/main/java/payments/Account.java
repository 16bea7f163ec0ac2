package payments;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
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

/**
 * A customer's account. The balance is never stored: it is the sum of the account's own events, rebuilt on load
 * (from a snapshot when the stream is long). An order payment for a customer without an account is recorded as a
 * failed payment in that customer's stream, so the saga always gets an answer.
 */
@Aggregate(snapshotTriggerDefinition = "accountSnapshotTrigger", cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Account {

    @AggregateIdentifier
    private String accountId;
    private String customerId;
    private String currency;
    private BigDecimal balance = BigDecimal.ZERO;
    private final Map<String, BigDecimal> processedPayments = new HashMap<>();
    private final Set<String> refundedPayments = new HashSet<>();

    Account() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(OpenAccount command) {
        if (isOpen()) {
            throw new AccountAlreadyOpened(command.customerId());
        }
        BigDecimal deposit = command.initialDeposit() == null ? BigDecimal.ZERO : command.initialDeposit();
        Amounts.requireNotNegative(deposit);
        apply(new AccountOpened(command.customerId(), command.currency()));
        if (deposit.signum() > 0) {
            apply(new MoneyDeposited(command.customerId(), deposit, command.currency()));
        }
    }

    @CommandHandler
    void handle(DepositMoney command) {
        requireOpen();
        Amounts.requirePositive(command.amount());
        apply(new MoneyDeposited(customerId, command.amount(), currency));
    }

    @CommandHandler
    void handle(WithdrawMoney command) {
        requireOpen();
        Amounts.requirePositive(command.amount());
        if (balance.compareTo(command.amount()) < 0) {
            throw new InsufficientFunds(customerId, balance, command.amount());
        }
        apply(new MoneyWithdrawn(customerId, command.amount(), currency));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ProcessPayment command) {
        if (processedPayments.containsKey(command.paymentId())) {
            return;
        }
        String refusal = refusalOf(command);
        if (refusal != null) {
            apply(new PaymentFailed(command.paymentId(), command.orderId(), command.customerId(), command.amount(),
                    command.currency(), refusal));
        } else {
            apply(new PaymentProcessed(command.paymentId(), command.orderId(), customerId, command.amount(),
                    currency));
        }
    }

    @CommandHandler
    void handle(RefundPayment command) {
        BigDecimal amount = processedPayments.get(command.paymentId());
        if (amount == null || refundedPayments.contains(command.paymentId())) {
            return;
        }
        apply(new PaymentRefunded(command.paymentId(), command.orderId(), customerId, amount, currency,
                command.reason()));
    }

    private String refusalOf(ProcessPayment command) {
        if (!isOpen()) {
            return "No account for customer " + command.customerId();
        }
        if (command.amount() == null || command.amount().signum() <= 0) {
            return "Amount must be positive";
        }
        if (command.currency() != null && !command.currency().equals(currency)) {
            return "Account is in " + currency + ", payment in " + command.currency();
        }
        if (balance.compareTo(command.amount()) < 0) {
            return "Insufficient funds: balance " + balance.toPlainString() + ", needed "
                    + command.amount().toPlainString();
        }
        return null;
    }

    private boolean isOpen() {
        return currency != null;
    }

    private void requireOpen() {
        if (!isOpen()) {
            throw new AccountNotFound(customerId);
        }
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        accountId = OpenAccount.accountIdOf(event.customerId());
        customerId = event.customerId();
        currency = event.currency();
    }

    @EventSourcingHandler
    void on(MoneyDeposited event) {
        balance = balance.add(event.amount());
    }

    @EventSourcingHandler
    void on(MoneyWithdrawn event) {
        balance = balance.subtract(event.amount());
    }

    @EventSourcingHandler
    void on(PaymentProcessed event) {
        balance = balance.subtract(event.amount());
        processedPayments.put(event.paymentId(), event.amount());
    }

    @EventSourcingHandler
    void on(PaymentFailed event) {
        accountId = OpenAccount.accountIdOf(event.customerId());
        customerId = event.customerId();
    }

    @EventSourcingHandler
    void on(PaymentRefunded event) {
        balance = balance.add(event.amount());
        refundedPayments.add(event.paymentId());
    }
}
