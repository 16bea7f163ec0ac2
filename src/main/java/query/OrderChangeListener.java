package query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import query.api.FindOrder;
import query.api.OrderView;

/**
 * On PostgreSQL, listens on a connection of its own (outside the pool) for the order changes that any instance's
 * projection committed, and sends the views they carry to this instance's followers of those orders, without reading
 * them back (only a view too large for a notification is read). The thread waits on the socket for notifications, it
 * never polls a table. When the connection breaks it connects again, and then sends the current view of every
 * followed order, so that a change committed while it was away is not missed (its followers then get the latest
 * view, without the steps in between).
 */
@Component
class OrderChangeListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderChangeListener.class);
    private static final int WAIT_MILLIS = 1000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DataSourceProperties dataSource;
    private final OrderChangeFeed feed;
    private final QueryGateway queries;
    private final RecentOrderViews recent;
    private volatile Thread listener;

    OrderChangeListener(DataSourceProperties dataSource, OrderChangeFeed feed, QueryGateway queries,
                        RecentOrderViews recent) {
        this.dataSource = dataSource;
        this.feed = feed;
        this.queries = queries;
        this.recent = recent;
    }

    @Override
    public void start() {
        if (!OrderChangeFeed.isPostgres(dataSource)) {
            return;
        }
        listener = new Thread(this::listen, "order-change-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        Thread running = listener;
        listener = null;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }

    private void listen() {
        long backoff = 500;
        while (listener == Thread.currentThread()) {
            try (Connection connection = DriverManager.getConnection(dataSource.determineUrl(),
                    dataSource.determineUsername(), dataSource.determinePassword())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + OrderChangeFeed.CHANNEL);
                    statement.execute("LISTEN " + OrderChangeFeed.REFERENCES_CHANNEL);
                }
                backoff = 500;
                recent.connected();
                catchUp();
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (listener == Thread.currentThread()) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            received(notification);
                        }
                    }
                }
            } catch (SQLException | RuntimeException broken) {
                recent.disconnected();
                if (listener != Thread.currentThread()) {
                    return;
                }
                log.warn("Listening for order changes failed ({}); connecting again in {} ms", broken.getMessage(),
                        backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stopping) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
        recent.disconnected();
    }

    private void catchUp() {
        feed.followedOrders().forEach(orderId -> currentView(orderId).ifPresent(feed::emit));
    }

    private void received(PGNotification notification) {
        if (OrderChangeFeed.REFERENCES_CHANNEL.equals(notification.getName())) {
            List<OrderChangeFeed.Change> changes = new ArrayList<>();
            for (String change : notification.getParameter().split(",")) {
                changes.add(OrderChangeFeed.Change.parse(change));
            }
            changes.forEach(change -> recent.forget(change.orderId()));
            readBack(changes);
            return;
        }
        OrderChangeFeed.Notification carried = OrderChangeFeed.Notification.parse(notification.getParameter());
        // Known before it is sent: a follower that looks after this finds it, one subscribed before gets it sent.
        carried.views().forEach(recent::seen);
        carried.references().forEach(change -> recent.forget(change.orderId()));
        Set<String> followed = feed.followedOrders();
        carried.views().stream().filter(view -> followed.contains(view.orderId())).forEach(feed::emit);
        // A view only grows with each change, so a reference never precedes a carried view of the same order.
        readBack(carried.references());
    }

    /** Each followed order's committed view is read once, and the view as of each of its changes is sent. */
    private void readBack(List<OrderChangeFeed.Change> references) {
        if (references.isEmpty()) {
            return;
        }
        Map<String, List<OrderChangeFeed.Change>> byOrder = new LinkedHashMap<>();
        for (OrderChangeFeed.Change change : references) {
            byOrder.computeIfAbsent(change.orderId(), orderId -> new ArrayList<>()).add(change);
        }
        Set<String> followed = feed.followedOrders();
        byOrder.forEach((orderId, changes) -> {
            if (followed.contains(orderId)) {
                currentView(orderId).ifPresent(view ->
                        changes.forEach(change -> feed.emit(OrderChangeFeed.asOf(view, change))));
            }
        });
    }

    private Optional<OrderView> currentView(String orderId) {
        return queries.query(new FindOrder(orderId), ResponseTypes.optionalInstanceOf(OrderView.class)).join();
    }
}
