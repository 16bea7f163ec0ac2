package query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import orders.api.OrderStatus;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import query.api.FindOrder;
import query.api.OrderView;

/**
 * Tells the followers of an order (the updates stream, a read waiting with {@code Prefer: wait}) that its view
 * changed, on whichever instance they are connected. On PostgreSQL the order summary projection sends one
 * {@code pg_notify} per batch in its own transaction, so the notification is delivered exactly when the rows are
 * committed, and every instance's {@link OrderChangeListener} passes it to its own followers. On the embedded
 * database there is one instance, and the view goes to its followers once the batch has committed.
 */
@Component
class OrderChangeFeed {

    static final String CHANNEL = "eventshop_order_changed";
    /** PostgreSQL refuses notification payloads of 8000 bytes or more. */
    private static final int MAX_PAYLOAD = 7000;
    private static final String CHANGED_IN_BATCH = OrderChangeFeed.class.getName() + ".changed";

    private final JdbcTemplate jdbc;
    private final QueryUpdateEmitter updates;
    private final boolean acrossInstances;

    OrderChangeFeed(JdbcTemplate jdbc, QueryUpdateEmitter updates, DataSourceProperties dataSource) {
        this.jdbc = jdbc;
        this.updates = updates;
        this.acrossInstances = isPostgres(dataSource);
    }

    static boolean isPostgres(DataSourceProperties dataSource) {
        String url = dataSource.determineUrl();
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    /** Called by the projection inside its batch's unit of work, after the order's row changed. */
    void changed(Change change, Supplier<Optional<OrderView>> view) {
        if (acrossInstances && CurrentUnitOfWork.isStarted()) {
            changedInThisBatch(CurrentUnitOfWork.get().root()).add(change.toString());
        } else if (followed(change.orderId())) {
            view.get().ifPresent(current -> emit(current));
        }
    }

    /** The view goes to this instance's followers of that order; Axon sends it after a running batch commits. */
    void emit(OrderView view) {
        updates.emit(FindOrder.class, query -> query.orderId().equals(view.orderId()), view);
    }

    boolean followed(String orderId) {
        return followedOrders().contains(orderId);
    }

    Set<String> followedOrders() {
        Set<String> orderIds = new LinkedHashSet<>();
        updates.activeSubscriptions().forEach(subscription -> {
            if (subscription.getPayload() instanceof FindOrder find) {
                orderIds.add(find.orderId());
            }
        });
        return orderIds;
    }

    private Set<String> changedInThisBatch(UnitOfWork<?> batch) {
        return batch.getOrComputeResource(CHANGED_IN_BATCH, key -> {
            Set<String> orderIds = new LinkedHashSet<>();
            batch.onPrepareCommit(committing -> notifyAll(orderIds));
            return orderIds;
        });
    }

    private void notifyAll(Set<String> changes) {
        StringBuilder payload = new StringBuilder();
        for (String change : changes) {
            if (payload.length() + change.length() + 1 > MAX_PAYLOAD) {
                send(payload);
                payload.setLength(0);
            }
            payload.append(payload.isEmpty() ? "" : ",").append(change);
        }
        if (!payload.isEmpty()) {
            send(payload);
        }
    }

    /**
     * One change of an order's view: the status it reached at that version. A batch may change an order several
     * times before it commits; the view as of each change follows from the committed row ({@link #asOf}).
     */
    record Change(String orderId, OrderStatus status, long version) {

        @Override
        public String toString() {
            return orderId + " " + status + " " + version;
        }

        static Change parse(String text) {
            String[] parts = text.split(" ");
            return new Change(parts[0], OrderStatus.valueOf(parts[1]), Long.parseLong(parts[2]));
        }
    }

    /**
     * The view as it was right after {@code change}, made from a later view of the same order: the projection only
     * ever fills in the fields of later statuses, so those are taken away again.
     */
    static OrderView asOf(OrderView later, Change change) {
        if (change.version() >= later.version()) {
            return later;
        }
        boolean paid = change.status() != OrderStatus.PENDING;
        List<OrderView.StatusChange> history = new ArrayList<>();
        for (OrderView.StatusChange step : later.history()) {
            history.add(step);
            if (step.status() == change.status()) {
                break;
            }
        }
        return new OrderView(later.orderId(), later.customerId(), later.items(), later.totalAmount(),
                later.currency(), change.status(), paid ? later.paymentId() : null, later.createdAt(),
                paid ? later.confirmedAt() : null,
                change.status() == OrderStatus.COMPLETED ? later.completedAt() : null,
                change.status() == OrderStatus.CANCELLED ? later.cancelledAt() : null,
                change.status() == OrderStatus.CANCELLED ? later.cancelReason() : null,
                history, change.version());
    }

    private void send(CharSequence payload) {
        jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, payload.toString());
    }
}
