package query;

import java.math.BigDecimal;

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
 * can be applied twice without counting twice; the sums are made when asked, over the customer's index.
 */
@Component
@ProcessingGroup(CustomerStatsProjection.GROUP)
class CustomerStatsProjection {

    static final String GROUP = "customer-stats";

    private final JdbcTemplate jdbc;

    CustomerStatsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrderCreated event) {
        jdbc.update("insert into customer_stats_order (order_id, customer_id) values (?, ?) on conflict do nothing",
                event.orderId(), event.customerId());
    }

    @EventHandler
    void on(PaymentProcessed event) {
        jdbc.update("insert into customer_stats_payment (payment_id, customer_id, amount, refunded)"
                + " values (?, ?, ?, false) on conflict do nothing", event.paymentId(), event.customerId(), event.amount());
    }

    @EventHandler
    void on(PaymentRefunded event) {
        jdbc.update("update customer_stats_payment set refunded = true where payment_id = ?", event.paymentId());
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
}
