package query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import inventory.api.ProductAdded;
import inventory.api.ProductStockReserved;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.PaymentConfirmed;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;

/**
 * How many statements a projection sends for one batch of events, counted at the JDBC template (each row of a
 * batched statement counts as one, as it would without the driver's multi-row rewrite). Written one event at a time,
 * every handled event cost one statement; collected per batch, a row is written once however many of the batch's
 * events touched it, and the audit index takes one statement per batch.
 */
class BatchedWritesIT extends AbstractReadSideIT {

    @Autowired
    DataSource dataSource;
    @Autowired
    BatchWrites writes;
    @Autowired
    OrderChangeFeed changes;

    private CountingJdbc counting;

    @Test
    void anAccountsDepositsInOneBatchAreOneUpdateAndASecondDeliveryChangesNothing() {
        counting = new CountingJdbc(dataSource);
        AccountBalanceProjection projection = new AccountBalanceProjection(counting, writes);
        String customerId = id("batched-account");
        Runnable events = () -> {
            projection.on(new AccountOpened(customerId, "THB"), 0);
            for (int deposit = 1; deposit <= 20; deposit++) {
                projection.on(new MoneyDeposited(customerId, new BigDecimal("1.25"), "THB"), deposit);
            }
        };

        inOneBatch(AccountBalanceProjection.GROUP, events);

        assertThat(counting.statements).as("21 events: one insert, one update (one per event before)").isEqualTo(2);
        assertThat(balance(customerId)).isEqualByComparingTo("25.00");

        inOneBatch(AccountBalanceProjection.GROUP, events);
        assertThat(balance(customerId)).as("the same events again change nothing").isEqualByComparingTo("25.00");
        assertThat(jdbc.queryForObject("select version from account_balance where customer_id = ?", Long.class,
                customerId)).isEqualTo(20);
    }

    @Test
    void aHotProductsReservationsInOneBatchAreOneUpdate() {
        counting = new CountingJdbc(dataSource);
        ProductStockProjection projection = new ProductStockProjection(counting, writes);
        String productId = id("batched-product");
        inOneBatch(ProductStockProjection.GROUP, () -> {
            projection.on(new ProductAdded(productId, "Lamp", new BigDecimal("9.90"), "THB", 100), 0);
            for (int order = 1; order <= 20; order++) {
                projection.on(new ProductStockReserved(productId, "order-" + order, 2), order);
            }
        });

        assertThat(counting.statements).as("21 events: one insert, one update").isEqualTo(2);
        assertThat(jdbc.queryForObject("select available from product_stock where product_id = ?", Integer.class,
                productId)).isEqualTo(60);
    }

    @Test
    void anOrderCreatedPaidAndCompletedInOneBatchIsOneInsertAndOneUpdate() {
        counting = new CountingJdbc(dataSource);
        OrderSummaryProjection projection = new OrderSummaryProjection(counting, changes, writes);
        String orderId = id("batched-order");
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        inOneBatch(OrderSummaryProjection.GROUP, () -> {
            projection.on(new OrderCreated(orderId, "customer-1", List.of(new OrderLine("p-1", 1,
                    new BigDecimal("10.00"))), new BigDecimal("10.00"), "THB"), 0, at);
            projection.on(new PaymentConfirmed(orderId, "pay-1", new BigDecimal("10.00")), 1, at.plusSeconds(1));
            projection.on(new OrderCompleted(orderId), 2, at.plusSeconds(2));
        });

        assertThat(counting.statements).as("3 events: one insert, one update").isEqualTo(2);
        Map<String, Object> row = jdbc.queryForMap("select status, payment_id, version from order_summary"
                + " where order_id = ?", orderId);
        assertThat(row).containsEntry("status", "COMPLETED").containsEntry("payment_id", "pay-1")
                .containsEntry("version", 2L);
    }

    @Test
    void aBatchsAuditEntriesAreOneStatementAndKeepTheirStorePositions() {
        counting = new CountingJdbc(dataSource);
        AuditTrail audit = new AuditTrail(counting, eventStore, writes);
        String customerId = id("batched-audit");
        String correlationId = "batched-" + UUID.randomUUID();
        for (int sequence = 0; sequence < 20; sequence++) {
            publish("Account", customerId, sequence, sequence == 0 ? new AccountOpened(customerId, "THB")
                            : new MoneyDeposited(customerId, BigDecimal.ONE, "THB"), correlationId, Instant.now());
        }
        jdbc.update("delete from audit_correlation where correlation_id = ?", correlationId);
        List<? extends DomainEventMessage<?>> stored = eventStore.readEvents(customerId, 0).asStream().toList();

        inOneBatch(AuditTrail.GROUP, () -> stored.forEach(audit::on));

        assertThat(counting.statements).as("20 events: one statement").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_correlation a join domain_event_entry e"
                + " on e.event_identifier = a.event_id and e.global_index = a.global_position"
                + " where a.correlation_id = ?", Long.class, correlationId)).isEqualTo(20);
    }

    /**
     * Runs the handlers as a tracking processor's batch of {@code group}: a unit of work in a transaction, carrying
     * the segment it reads (one no processor of the application has, so that this batch shares nothing with them).
     */
    private void inOneBatch(String group, Runnable handlers) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            batch.resources().put("Processor[" + group + "]/SegmentId", 99);
            handlers.run();
            batch.commit();
        });
    }

    private BigDecimal balance(String customerId) {
        return jdbc.queryForObject("select balance from account_balance where customer_id = ?", BigDecimal.class,
                customerId);
    }

    /** Counts the statements the projection sends, a row of a batched statement as one. */
    private static final class CountingJdbc extends JdbcTemplate {

        private int statements;

        private CountingJdbc(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public int update(String sql, Object... args) {
            statements++;
            return super.update(sql, args);
        }

        @Override
        public int[] batchUpdate(String sql, List<Object[]> batchArgs) {
            statements += batchArgs.size();
            return super.batchUpdate(sql, batchArgs);
        }
    }
}
