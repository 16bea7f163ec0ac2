package query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import orders.api.OrderCancelled;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderStatus;
import orders.api.PaymentConfirmed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.replay.ResetContext;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import query.api.FindCustomerOrders;
import query.api.FindOrder;
import query.api.GetOrderStats;
import query.api.OrderStats;
import query.api.OrderView;
import query.api.PartialReplay;

/**
 * Orders as the read side serves them, one row per order. Every write is guarded by the order's aggregate
 * version, so an event seen twice (a replay from a point in time, a retried batch) changes nothing. A batch's changes
 * are written when it commits ({@link OrderWrites}), each order's row once. Each change is then passed to
 * {@link OrderChangeFeed}, which brings the view as of that change to the subscribers of {@link FindOrder} on every
 * instance once the batch has committed; a change made by a replayed event is not, since its followers saw it when it
 * was new.
 */
@Component
@ProcessingGroup(OrderSummaryProjection.GROUP)
class OrderSummaryProjection {

    static final String GROUP = "order-summary";

    private static final String COLUMNS = "order_id, customer_id, items, total_amount, currency, status, payment_id,"
            + " created_at, confirmed_at, completed_at, cancelled_at, cancel_reason, version";
    private static final TypeReference<List<OrderView.Line>> LINES = new TypeReference<>() {
    };

    // Rows written by an older build must keep loading after a field is dropped from a line.
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final JdbcTemplate jdbc;
    private final OrderChangeFeed changes;
    private final BatchWrites writes;
    private final RowMapper<OrderView> toView = this::view;

    OrderSummaryProjection(JdbcTemplate jdbc, OrderChangeFeed changes, BatchWrites writes) {
        this.jdbc = jdbc;
        this.changes = changes;
        this.writes = writes;
    }

    @EventHandler
    void on(OrderCreated event, @SequenceNumber long version, @Timestamp Instant at) {
        List<OrderView.Line> lines = event.items().stream()
                .map(line -> new OrderView.Line(line.productId(), line.quantity(), line.unitPrice()))
                .toList();
        String items = write(lines);
        orders(orders -> orders.created(event.orderId(), new Object[] {event.orderId(), event.customerId(), items,
                event.totalAmount(), event.currency(), OrderStatus.PENDING.name(), Rows.utc(at), version}, version));
    }

    @EventHandler
    void on(PaymentConfirmed event, @SequenceNumber long version, @Timestamp Instant at) {
        orders(orders -> orders.changed(event.orderId(), OrderStatus.CONFIRMED, version)
                .paid(event.paymentId(), Rows.utc(at)));
    }

    @EventHandler
    void on(OrderCompleted event, @SequenceNumber long version, @Timestamp Instant at) {
        orders(orders -> orders.changed(event.orderId(), OrderStatus.COMPLETED, version).completed(Rows.utc(at)));
    }

    @EventHandler
    void on(OrderCancelled event, @SequenceNumber long version, @Timestamp Instant at) {
        orders(orders -> orders.changed(event.orderId(), OrderStatus.CANCELLED, version)
                .cancelled(Rows.utc(at), event.reason()));
    }

    @ResetHandler
    void onReset(ResetContext<?> reset) {
        if (!(reset.getPayload() instanceof PartialReplay)) {
            jdbc.update("delete from order_summary");
        }
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrder query) {
        return jdbc.query("select " + COLUMNS + " from order_summary where order_id = ?", toView, query.orderId())
                .stream().findFirst();
    }

    @QueryHandler
    List<OrderView> handle(FindCustomerOrders query) {
        return jdbc.query("select " + COLUMNS + " from order_summary where customer_id = ?"
                + " order by created_at desc, order_id limit ?", toView, query.customerId(), query.limit());
    }

    @QueryHandler
    OrderStats handle(GetOrderStats query) {
        return jdbc.queryForObject("select count(*), coalesce(sum(total_amount), 0) from order_summary"
                        + " where status in (?, ?)", (rs, row) -> {
                    long orders = rs.getLong(1);
                    BigDecimal revenue = rs.getBigDecimal(2).setScale(2, RoundingMode.HALF_EVEN);
                    BigDecimal average = orders == 0 ? BigDecimal.ZERO.setScale(2)
                            : revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_EVEN);
                    return new OrderStats(orders, revenue, average);
                },
                OrderStatus.CONFIRMED.name(), OrderStatus.COMPLETED.name());
    }

    private void orders(Consumer<OrderWrites> change) {
        boolean replayed = CurrentUnitOfWork.isStarted() && ReplayToken.isReplay(CurrentUnitOfWork.get().getMessage());
        writes.record(GROUP, () -> new OrderWrites(jdbc, this::changed),
                orders -> change.accept(orders.replaying(replayed)));
    }

    /** Told after the batch's rows are written, before it commits. */
    private void changed(OrderChangeFeed.Change change) {
        changes.changed(change, this::views);
    }

    /** The views of the orders changed in a batch, read with one statement before it commits. */
    private List<OrderView> views(Collection<String> orderIds) {
        return jdbc.query("select " + COLUMNS + " from order_summary where order_id = any(?)", toView,
                (Object) orderIds.toArray(String[]::new));
    }

    private OrderView view(ResultSet rs, int row) throws SQLException {
        OrderStatus status = OrderStatus.valueOf(rs.getString("status"));
        Instant createdAt = Rows.instant(rs, "created_at");
        Instant confirmedAt = Rows.instant(rs, "confirmed_at");
        Instant completedAt = Rows.instant(rs, "completed_at");
        Instant cancelledAt = Rows.instant(rs, "cancelled_at");
        String cancelReason = rs.getString("cancel_reason");
        List<OrderView.StatusChange> history = new ArrayList<>(3);
        history.add(new OrderView.StatusChange(OrderStatus.PENDING, createdAt, null));
        if (confirmedAt != null) {
            history.add(new OrderView.StatusChange(OrderStatus.CONFIRMED, confirmedAt, null));
        }
        if (completedAt != null) {
            history.add(new OrderView.StatusChange(OrderStatus.COMPLETED, completedAt, null));
        }
        if (cancelledAt != null) {
            history.add(new OrderView.StatusChange(OrderStatus.CANCELLED, cancelledAt, cancelReason));
        }
        return new OrderView(rs.getString("order_id"), rs.getString("customer_id"), read(rs.getString("items")),
                rs.getBigDecimal("total_amount"), rs.getString("currency"), status, rs.getString("payment_id"),
                createdAt, confirmedAt, completedAt, cancelledAt, cancelReason, history, rs.getLong("version"));
    }

    private String write(List<OrderView.Line> lines) {
        try {
            return json.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Order lines cannot be written as JSON", e);
        }
    }

    private List<OrderView.Line> read(String lines) {
        try {
            return json.readValue(lines, LINES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored order lines are not readable JSON", e);
        }
    }
}
