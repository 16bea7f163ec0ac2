package query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import inventory.api.ProductAdded;
import inventory.api.ProductStockReleased;
import inventory.api.ProductStockReserved;
import orders.api.OrderCancelled;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.PaymentConfirmed;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;
import query.api.FindOrder;
import query.api.OrderView;
import query.api.PartialReplay;

import static org.assertj.core.api.Assertions.assertThat;

/** A projection rebuilt from the event store must equal the one built live, row for row. */
class ProjectionReplayIT extends AbstractReadSideIT {

    private static final List<String> GROUPS = List.of(OrderSummaryProjection.GROUP, CustomerStatsProjection.GROUP,
            ProductStockProjection.GROUP, AccountBalanceProjection.GROUP, AuditTrail.GROUP);

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    QueryGateway queries;

    private final String customerId = id("customer");
    private final String productId = id("product");
    private final String completed = fabricatedOrderId();
    private final String cancelled = fabricatedOrderId();

    @BeforeEach
    void buildLive() {
        publish("Account", customerId, 0, new AccountOpened(customerId, "THB"));
        publish("Account", customerId, 1, new MoneyDeposited(customerId, new BigDecimal("500.00"), "THB"));
        publish("Product", productId, 0, new ProductAdded(productId, "Kettle", new BigDecimal("20.00"), "THB", 9));
        placeAndPay(completed, 2, "40.00");
        publish("Product", productId, 1, new ProductStockReserved(productId, completed, 2));
        publish("Order", completed, 2, new OrderCompleted(completed));
        placeAndPay(cancelled, 1, "20.00");
        publish("Product", productId, 2, new ProductStockReserved(productId, cancelled, 1));
        publish("Product", productId, 3, new ProductStockReleased(productId, cancelled, 1));
        publish("Account", customerId, 4, new PaymentRefunded("pay-" + cancelled, cancelled, customerId,
                new BigDecimal("20.00"), "THB", "Inventory not available"));
        publish("Order", cancelled, 2, new OrderCancelled(cancelled, "Inventory not available"));

        eventually().until(this::liveBuildIsComplete);
    }

    @Test
    void aFullReplayClearsTheTablesAndRebuildsTheSameRows() {
        Map<String, List<Map<String, Object>>> live = rows();
        insertStrayProduct();
        jdbc.update("update account_balance set balance = balance + 1000 where customer_id = ?", customerId);

        GROUPS.forEach(group -> reset(group, null));

        eventually().until(() -> replayed() && rows().equals(live));
        assertThat(rows()).isEqualTo(live);
        assertThat(jdbc.queryForObject("select count(*) from product_stock where product_id = ?", Long.class,
                "stray-" + productId)).as("a row no event made is gone after the replay").isZero();
    }

    @Test
    void aReplayFromAPointInTimeKeepsTheRowsAndCountsNothingTwice() {
        Map<String, List<Map<String, Object>>> live = rows();
        insertStrayProduct();

        GROUPS.forEach(group -> reset(group, new PartialReplay(Instant.EPOCH)));

        eventually().until(this::replayed);
        assertThat(rows()).isEqualTo(live);
        assertThat(jdbc.queryForObject("select count(*) from product_stock where product_id = ?", Long.class,
                "stray-" + productId)).as("tables are kept on a partial replay").isOne();
    }

    @Test
    void followersHearNothingOfAReplayAndEverythingLiveAfterIt() {
        String followed = fabricatedOrderId();
        List<String> heard = new CopyOnWriteArrayList<>();
        SubscriptionQueryResult<Optional<OrderView>, OrderView> follow = queries.subscriptionQuery(
                new FindOrder(followed), ResponseTypes.optionalInstanceOf(OrderView.class),
                ResponseTypes.instanceOf(OrderView.class));
        follow.updates().subscribe(view -> heard.add(view.status() + " " + view.version()));
        try {
            placeAndPay(followed, 1, "20.00");
            eventually().until(() -> heard.contains("CONFIRMED 1"));

            reset(OrderSummaryProjection.GROUP, null);
            eventually().until(() -> replayed() && jdbc.queryForList("select status from order_summary"
                    + " where order_id = ?", String.class, followed).equals(List.of("CONFIRMED")));
            publish("Order", followed, 2, new OrderCompleted(followed));

            eventually().until(() -> heard.contains("COMPLETED 2"));
            assertThat(heard).as("each change once, as it happened: the rebuild sends none of them again")
                    .containsExactly("PENDING 0", "CONFIRMED 1", "COMPLETED 2");
        } finally {
            follow.close();
        }
    }

    private void placeAndPay(String orderId, int quantity, String amount) {
        publish("Order", orderId, 0, new OrderCreated(orderId, customerId,
                List.of(new OrderLine(productId, quantity, new BigDecimal("20.00"))), new BigDecimal(amount), "THB"));
        long accountVersion = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, customerId);
        publish("Account", customerId, accountVersion, new PaymentProcessed("pay-" + orderId, orderId, customerId,
                new BigDecimal(amount), "THB"));
        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-" + orderId, new BigDecimal(amount)));
    }

    private boolean liveBuildIsComplete() {
        Map<String, List<Map<String, Object>>> rows = rows();
        return rows.get("order_summary").size() == 2
                && rows.get("order_summary").stream().allMatch(row -> ((Number) row.get("version")).longValue() == 2)
                && rows.get("account_balance").size() == 1
                && ((Number) rows.get("account_balance").get(0).get("version")).longValue() == 4
                && rows.get("product_stock").size() == 1
                && ((Number) rows.get("product_stock").get(0).get("version")).longValue() == 3
                && rows.get("customer_stats_payment").stream().anyMatch(row -> Boolean.TRUE.equals(row.get("refunded")))
                && rows.get("audit_correlation").size() == 15;
    }

    private Map<String, List<Map<String, Object>>> rows() {
        List<String> orders = List.of(completed, cancelled);
        return Map.of(
                "order_summary", jdbc.queryForList("select * from order_summary where order_id in (?, ?)"
                        + " order by order_id", orders.toArray()),
                "customer_stats_order", jdbc.queryForList("select * from customer_stats_order where customer_id = ?"
                        + " order by order_id", customerId),
                "customer_stats_payment", jdbc.queryForList("select * from customer_stats_payment"
                        + " where customer_id = ? order by payment_id", customerId),
                "product_stock", jdbc.queryForList("select * from product_stock where product_id = ?", productId),
                "account_balance", jdbc.queryForList("select * from account_balance where customer_id = ?", customerId),
                "audit_correlation", jdbc.queryForList("select * from audit_correlation"
                        + " where aggregate_id in (?, ?, ?, ?) order by global_position",
                        completed, cancelled, productId, customerId));
    }

    private void insertStrayProduct() {
        jdbc.update("insert into product_stock (product_id, name, price, currency, available, version)"
                + " values (?, 'stray', 1.00, 'THB', 1, 0)", "stray-" + productId);
    }

    private void reset(String group, Object context) {
        StreamingEventProcessor processor = processing.eventProcessor(group, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        if (context == null) {
            processor.resetTokens();
        } else {
            processor.resetTokens(source -> source.createTailToken(), context);
        }
        processor.start();
    }

    /** Axon keeps a segment flagged as replaying until an event past the reset position comes; reaching it is enough. */
    private boolean replayed() {
        return GROUPS.stream()
                .map(group -> processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow())
                .allMatch(processor -> !processor.processingStatus().isEmpty() && processor.processingStatus()
                        .values().stream().allMatch(status -> status.isCaughtUp() && (!status.isReplaying()
                                || status.getCurrentPosition().orElse(-1) >= status.getResetPosition().orElse(0))));
    }
}
