package query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import orders.api.OrderCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.replay.ResetContext;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;
import query.api.CustomerStats;
import query.api.GetCustomerStats;
import query.api.PartialReplay;

/**
 * Per customer: how many orders they placed and what they spent on them (payments processed and not refunded).
 * Keeping a row per order and per payment instead of running totals makes each event an insert or a flag that
 * can be applied twice without counting twice; the sums are made when asked, over the customer's index. A batch's
 * rows are written when it commits ({@link BatchWrites}), each kind in one batched statement: orders, payments,
 * then refunds (a refund may be for a payment of the same batch).
 */
@Component
@ProcessingGroup(CustomerStatsProjection.GROUP)
class CustomerStatsProjection {

    static final String GROUP = "customer-stats";

    private final JdbcTemplate jdbc;
    private final BatchWrites writes;

    CustomerStatsProjection(JdbcTemplate jdbc, BatchWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(OrderCreated event) {
        writes.record(GROUP, () -> new StatsRows(jdbc), rows -> rows.orders.add(new Object[] {event.orderId(),
                event.customerId()}));
    }

    @EventHandler
    void on(PaymentProcessed event) {
        writes.record(GROUP, () -> new StatsRows(jdbc), rows -> rows.payments.add(new Object[] {event.paymentId(),
                event.customerId(), event.amount()}));
    }

    @EventHandler
    void on(PaymentRefunded event) {
        writes.record(GROUP, () -> new StatsRows(jdbc), rows -> rows.refunds.add(new Object[] {event.paymentId()}));
    }

    @ResetHandler
    void onReset(ResetContext<?> reset) {
        if (!(reset.getPayload() instanceof PartialReplay)) {
            jdbc.update("delete from customer_stats_order");
            jdbc.update("delete from customer_stats_payment");
        }
    }

    @QueryHandler
    CustomerStats handle(GetCustomerStats query) {
        Long orders = jdbc.queryForObject("select count(*) from customer_stats_order where customer_id = ?",
                Long.class, query.customerId());
        BigDecimal spent = jdbc.queryForObject("select coalesce(sum(amount), 0) from customer_stats_payment"
                + " where customer_id = ? and refunded = false", BigDecimal.class, query.customerId());
        return new CustomerStats(query.customerId(), orders == null ? 0 : orders, spent.setScale(2));
    }

    /** One batch's rows, by kind. */
    static final class StatsRows implements BatchWrites.Changes {

        private final JdbcTemplate jdbc;
        private final List<Object[]> orders = new ArrayList<>();
        private final List<Object[]> payments = new ArrayList<>();
        private final List<Object[]> refunds = new ArrayList<>();

        StatsRows(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void write() {
            write("insert into customer_stats_order (order_id, customer_id) values (?, ?) on conflict do nothing",
                    orders);
            write("insert into customer_stats_payment (payment_id, customer_id, amount, refunded)"
                    + " values (?, ?, ?, false) on conflict do nothing", payments);
            write("update customer_stats_payment set refunded = true where payment_id = ?", refunds);
        }

        private void write(String statement, List<Object[]> rows) {
            if (!rows.isEmpty()) {
                List<Object[]> written = List.copyOf(rows);
                rows.clear();
                jdbc.batchUpdate(statement, written);
            }
        }
    }
}
