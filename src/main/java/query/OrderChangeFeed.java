package query;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

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
    void changed(String orderId, Supplier<Optional<OrderView>> view) {
        if (acrossInstances && CurrentUnitOfWork.isStarted()) {
            changedInThisBatch(CurrentUnitOfWork.get().root()).add(orderId);
        } else if (followed(orderId)) {
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

    private void notifyAll(Set<String> orderIds) {
        StringBuilder payload = new StringBuilder();
        for (String orderId : orderIds) {
            if (payload.length() + orderId.length() + 1 > MAX_PAYLOAD) {
                send(payload);
                payload.setLength(0);
            }
            payload.append(payload.isEmpty() ? "" : ",").append(orderId);
        }
        if (!payload.isEmpty()) {
            send(payload);
        }
    }

    private void send(CharSequence payload) {
        jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, payload.toString());
    }
}
