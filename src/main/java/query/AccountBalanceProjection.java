package query;

import java.math.BigDecimal;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.replay.ResetContext;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;
import payments.api.MoneyWithdrawn;
import payments.api.PaymentFailed;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;
import query.api.AccountView;
import query.api.FindAccount;
import query.api.PartialReplay;

/**
 * Account balances: deposits - withdrawals - processed payments + refunds. Each write is one statement guarded by
 * the account's aggregate version, which makes a second delivery of an event harmless and keeps {@code version}
 * equal to the account's, as If-Match needs.
 */
@Component
@ProcessingGroup(AccountBalanceProjection.GROUP)
class AccountBalanceProjection {

    static final String GROUP = "account-balance";

    private final JdbcTemplate jdbc;

    AccountBalanceProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccountOpened event, @SequenceNumber long version) {
        jdbc.update("insert into account_balance (customer_id, balance, currency, version) values (?, 0, ?, ?)"
                + " on conflict do nothing", event.customerId(), event.currency(), version);
    }

    @EventHandler
    void on(MoneyDeposited event, @SequenceNumber long version) {
        add(event.customerId(), event.amount(), version);
    }

    @EventHandler
    void on(MoneyWithdrawn event, @SequenceNumber long version) {
        add(event.customerId(), event.amount().negate(), version);
    }

    @EventHandler
    void on(PaymentProcessed event, @SequenceNumber long version) {
        add(event.customerId(), event.amount().negate(), version);
    }

    @EventHandler
    void on(PaymentRefunded event, @SequenceNumber long version) {
        add(event.customerId(), event.amount(), version);
    }

    /** Leaves the balance alone but, when the account recorded the failure, moves the version as the account did. */
    @EventHandler
    void on(PaymentFailed event, @SequenceNumber long version) {
        add(event.customerId(), BigDecimal.ZERO, version);
    }

    @ResetHandler
    void onReset(ResetContext<?> reset) {
        if (!(reset.getPayload() instanceof PartialReplay)) {
            jdbc.update("delete from account_balance");
        }
    }

    @QueryHandler
    Optional<AccountView> handle(FindAccount query) {
        return jdbc.query("select customer_id, balance, currency, version from account_balance where customer_id = ?",
                (rs, row) -> new AccountView(rs.getString("customer_id"), rs.getBigDecimal("balance"),
                        rs.getString("currency"), rs.getLong("version")),
                query.customerId()).stream().findFirst();
    }

    private void add(String customerId, BigDecimal amount, long version) {
        jdbc.update("update account_balance set balance = balance + ?, version = ? where customer_id = ? and version < ?",
                amount, version, customerId, version);
    }
}
