package query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
 * changed, on whichever instance they are connected. On PostgreSQL the order summary projection's batch reads the
 * views of the orders it changed once, with one statement, just before it commits, and sends them in
 * {@code pg_notify} in its own transaction, so the notification is delivered exactly when the rows are committed,
 * and every instance's {@link OrderChangeListener} passes the views to its own followers without reading them back.
 * On the embedded database there is one instance, and the view goes to its followers once the batch has committed.
 */
@Component
class OrderChangeFeed {

    /** Carries the views themselves (see {@link Notification}). */
    static final String CHANNEL = "eventshop_order_views";
    /**
     * Carried "orderId status version" entries, whose views the listener read back. Still listened to, so that during
     * a rolling upgrade the followers on a new instance get the changes that an older instance projected.
     */
    static final String REFERENCES_CHANNEL = "eventshop_order_changed";
    /** PostgreSQL refuses notification payloads of 8000 bytes or more. */
    static final int MAX_PAYLOAD = 7000;
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

    /**
     * Reads the current views of several orders at once, inside the transaction that changed them. The projection
     * owns its table, so it is the one that reads.
     */
    @FunctionalInterface
    interface ViewReader {
        List<OrderView> read(Collection<String> orderIds);
    }

    /**
     * Called by the projection inside its batch's unit of work, after the order's row changed. On PostgreSQL the
     * views of all orders changed in the batch are read with one statement when the batch is about to commit,
     * whether or not anyone follows them: followers on other instances are not known here.
     */
    void changed(Change change, ViewReader views) {
        if (acrossInstances && CurrentUnitOfWork.isStarted()) {
            changedInThisBatch(CurrentUnitOfWork.get().root(), views).add(change);
        } else if (followed(change.orderId())) {
            views.read(List.of(change.orderId())).forEach(current -> emit(asOf(current, change)));
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

    private List<Change> changedInThisBatch(UnitOfWork<?> batch, ViewReader views) {
        return batch.getOrComputeResource(CHANGED_IN_BATCH, key -> {
            List<Change> changes = new ArrayList<>();
            batch.onPrepareCommit(committing -> notifyAll(changes, views));
            return changes;
        });
    }

    private void notifyAll(List<Change> changes, ViewReader reader) {
        Set<String> orderIds = new LinkedHashSet<>();
        changes.forEach(change -> orderIds.add(change.orderId()));
        Map<String, OrderView> latest = new LinkedHashMap<>();
        reader.read(orderIds).forEach(view -> latest.put(view.orderId(), view));
        List<OrderView> views = new ArrayList<>(changes.size());
        for (Change change : changes) {
            OrderView current = latest.get(change.orderId());
            if (current != null) {
                views.add(asOf(current, change));
            }
        }
        Notification.payloads(views, MAX_PAYLOAD).forEach(payload -> send(CHANNEL, payload));
    }

    /**
     * One change of an order's view: the status it reached at that version. A batch may change an order several
     * times before it commits; the view as of each change follows from the view at the end of the batch
     * ({@link #asOf}).
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
     * What one notification carries: a JSON array whose entries hold either an order's view as of one change, or,
     * for a view too large for a notification on its own (an order with very many lines), its {@link Change} as
     * text, whose view the listener reads back.
     */
    record Notification(List<OrderView> views, List<Change> references) {

        private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {
        };

        /** Bound field by field, so that amounts keep their scale and instants their precision. */
        private record Entry(OrderView view, String reference) {
        }

        /** The views in order, as few payloads of at most {@code maxBytes} (UTF-8) as fit. */
        static List<String> payloads(List<OrderView> views, int maxBytes) {
            List<String> payloads = new ArrayList<>();
            StringBuilder payload = new StringBuilder("[");
            int bytes = 1;
            for (OrderView view : views) {
                String entry = write(new Entry(view, null));
                int entryBytes = entry.getBytes(StandardCharsets.UTF_8).length;
                if (entryBytes + 2 > maxBytes) {
                    entry = write(new Entry(null, new Change(view.orderId(), view.status(), view.version()).toString()));
                    entryBytes = entry.getBytes(StandardCharsets.UTF_8).length;
                }
                if (bytes > 1 && bytes + 1 + entryBytes + 1 > maxBytes) {
                    payloads.add(payload.append(']').toString());
                    payload.setLength(1);
                    bytes = 1;
                }
                if (bytes > 1) {
                    payload.append(',');
                    bytes++;
                }
                payload.append(entry);
                bytes += entryBytes;
            }
            if (bytes > 1) {
                payloads.add(payload.append(']').toString());
            }
            return payloads;
        }

        static Notification parse(String payload) {
            List<OrderView> views = new ArrayList<>();
            List<Change> references = new ArrayList<>();
            try {
                for (Entry entry : JSON.readValue(payload, ENTRIES)) {
                    if (entry.view() != null) {
                        views.add(entry.view());
                    } else {
                        references.add(Change.parse(entry.reference()));
                    }
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Not an order change notification: " + payload, e);
            }
            return new Notification(views, references);
        }

        private static String write(Entry entry) {
            try {
                return JSON.writeValueAsString(entry);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("An order view cannot be written as JSON", e);
            }
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

    private void send(String channel, String payload) {
        jdbc.queryForList("select pg_notify(?, ?)", channel, payload);
    }
}
