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
 * projection committed, and sends the new view to this instance's followers of those orders. The thread waits on the
 * socket for notifications, it never polls a table. When the connection breaks it connects again, and then sends
 * the current view of every followed order, so that a change committed while it was away is not missed (its
 * followers then get the latest view, without the steps in between).
 */
@Component
class OrderChangeListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderChangeListener.class);
    private static final int WAIT_MILLIS = 1000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DataSourceProperties dataSource;
    private final OrderChangeFeed feed;
    private final QueryGateway queries;
    private volatile Thread listener;

    OrderChangeListener(DataSourceProperties dataSource, OrderChangeFeed feed, QueryGateway queries) {
        this.dataSource = dataSource;
        this.feed = feed;
        this.queries = queries;
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
                }
                backoff = 500;
                catchUp();
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (listener == Thread.currentThread()) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            sendChanges(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException broken) {
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
    }

    private void catchUp() {
        feed.followedOrders().forEach(orderId -> currentView(orderId).ifPresent(feed::emit));
    }

    /** Each followed order's committed view is read once, and the view as of each of its changes is sent. */
    private void sendChanges(String payload) {
        Map<String, List<OrderChangeFeed.Change>> byOrder = new LinkedHashMap<>();
        for (String change : payload.split(",")) {
            OrderChangeFeed.Change parsed = OrderChangeFeed.Change.parse(change);
            byOrder.computeIfAbsent(parsed.orderId(), orderId -> new ArrayList<>()).add(parsed);
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
