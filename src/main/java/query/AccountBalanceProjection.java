package query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
 * Account balances: deposits - withdrawals - processed payments + refunds. Every change is guarded by the account's
 * aggregate version, which makes a second delivery of an event harmless and keeps {@code version} equal to the
 * account's, as If-Match needs. A batch's changes are written when it commits ({@link BatchWrites}): the new
 * accounts, then one update per account that moved.
 */
@Component
@ProcessingGroup(AccountBalanceProjection.GROUP)
class AccountBalanceProjection {

    static final String GROUP = "account-balance";

    private final JdbcTemplate jdbc;
    private final BatchWrites writes;

    AccountBalanceProjection(JdbcTemplate jdbc, BatchWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(AccountOpened event, @SequenceNumber long version) {
        writes.record(GROUP, () -> new Balances(jdbc), balances -> balances.opened.add(new Object[] {
                event.customerId(), event.currency(), version}));
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
        writes.record(GROUP, () -> new Balances(jdbc), balances -> balances.moves.add(customerId, amount, version));
    }

    /** One batch's changes: accounts opened (inserted first, a batched insert) and balances moved. */
    static final class Balances implements BatchWrites.Changes {

        private final JdbcTemplate jdbc;
        private final List<Object[]> opened = new ArrayList<>();
        private final VersionedDeltas<BigDecimal> moves;

        Balances(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            this.moves = new VersionedDeltas<>(jdbc, "update account_balance set balance = balance + ?, version = ?"
                    + " where customer_id = ? and version < ?", BigDecimal::add);
        }

        @Override
        public void write() {
            if (!opened.isEmpty()) {
                List<Object[]> rows = List.copyOf(opened);
                opened.clear();
                jdbc.batchUpdate("insert into account_balance (customer_id, balance, currency, version)"
                        + " values (?, 0, ?, ?) on conflict do nothing", rows);
            }
            moves.write();
        }
    }
}
