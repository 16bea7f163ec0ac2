package query;

import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import orders.api.OrderStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * One batch's changes to the order summary, written when the batch commits: the orders created in it (one batched
 * insert, on conflict nothing), then one update per order that changed after its creation, carrying every field the
 * batch's events set and the status and version of the last of them.
 * <p>
 * That update is guarded by the last version, not by each event's: a row that has seen none of the batch's events
 * takes them all, one that has seen all of them is left alone, and one that has seen some of them (a replay that
 * overlaps what was already projected) only gets the fields it already holds again, since each field is set by one
 * kind of event only and the status is the last event's. So an event seen twice still changes nothing.
 */
final class OrderWrites implements BatchWrites.Changes {

    private static final String INSERT = "insert into order_summary (order_id, customer_id, items, total_amount,"
            + " currency, status, payment_id, created_at, confirmed_at, completed_at, cancelled_at, cancel_reason,"
            + " version) values (?, ?, ?, ?, ?, ?, null, ?, null, null, null, null, ?) on conflict do nothing";
    private static final String UPDATE = "update order_summary set status = ?, payment_id = coalesce(?, payment_id),"
            + " confirmed_at = coalesce(?, confirmed_at), completed_at = coalesce(?, completed_at),"
            + " cancelled_at = coalesce(?, cancelled_at), cancel_reason = coalesce(?, cancel_reason), version = ?"
            + " where order_id = ? and version < ?";

    /** What the events after an order's creation set on its row, within one batch. */
    static final class Update {

        private OrderStatus status;
        private long version;
        private String paymentId;
        private OffsetDateTime confirmedAt;
        private OffsetDateTime completedAt;
        private OffsetDateTime cancelledAt;
        private String cancelReason;

        void paid(String paymentId, OffsetDateTime at) {
            this.paymentId = paymentId;
            this.confirmedAt = at;
        }

        void completed(OffsetDateTime at) {
            this.completedAt = at;
        }

        void cancelled(OffsetDateTime at, String reason) {
            this.cancelledAt = at;
            this.cancelReason = reason;
        }

        private Object[] parameters(String orderId) {
            return new Object[] {status.name(), text(paymentId), time(confirmedAt), time(completedAt),
                    time(cancelledAt), text(cancelReason), version, orderId, version};
        }

        /** Typed, so that a null is a null of the column's type on PostgreSQL too. */
        private static SqlParameterValue text(String value) {
            return new SqlParameterValue(Types.VARCHAR, value);
        }

        private static SqlParameterValue time(OffsetDateTime value) {
            return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE, value);
        }
    }

    private record Created(String orderId, Object[] row, long version) {
    }

    private final JdbcTemplate jdbc;
    private final Consumer<OrderChangeFeed.Change> changed;
    private final List<Created> created = new ArrayList<>();
    private final Map<String, Update> updates = new LinkedHashMap<>();
    private final Map<String, List<OrderChangeFeed.Change>> changes = new LinkedHashMap<>();
    /** Changes that replayed events made: written like the others, told to nobody. */
    private final Set<OrderChangeFeed.Change> replayed = new HashSet<>();
    private boolean replaying;

    /** {@code changed} is told each change the written rows took, in the order of the events. */
    OrderWrites(JdbcTemplate jdbc, Consumer<OrderChangeFeed.Change> changed) {
        this.jdbc = jdbc;
        this.changed = changed;
    }

    /**
     * Whether the changes recorded from now on come from a replay. A replay rebuilds each order's row from its first
     * event, so what it writes along the way are views that followers saw long ago; they are not sent again, and a
     * follower never sees its order step back while the read model is rebuilt.
     */
    OrderWrites replaying(boolean replaying) {
        this.replaying = replaying;
        return this;
    }

    /** @param row the insert's parameters: order id, customer id, items, total, currency, status, time, version */
    void created(String orderId, Object[] row, long version) {
        created.add(new Created(orderId, row, version));
        if (replaying) {
            replayed.add(new OrderChangeFeed.Change(orderId, OrderStatus.PENDING, version));
        }
    }

    Update changed(String orderId, OrderStatus status, long version) {
        Update update = updates.computeIfAbsent(orderId, id -> new Update());
        update.status = status;
        update.version = version;
        OrderChangeFeed.Change change = new OrderChangeFeed.Change(orderId, status, version);
        changes.computeIfAbsent(orderId, id -> new ArrayList<>()).add(change);
        if (replaying) {
            replayed.add(change);
        }
        return update;
    }

    @Override
    public void write() {
        List<Created> inserts = List.copyOf(created);
        Map<String, Update> rows = new LinkedHashMap<>(updates);
        Map<String, List<OrderChangeFeed.Change>> later = new LinkedHashMap<>(changes);
        Set<OrderChangeFeed.Change> untold = Set.copyOf(replayed);
        created.clear();
        updates.clear();
        changes.clear();
        replayed.clear();
        List<OrderChangeFeed.Change> taken = new ArrayList<>();
        if (!inserts.isEmpty()) {
            int[] inserted = jdbc.batchUpdate(INSERT, inserts.stream().map(Created::row).toList());
            for (int i = 0; i < inserts.size(); i++) {
                // PostgreSQL's driver turns a batch of inserts into multi-row ones and then cannot say which inserted
                if (inserted[i] > 0 || inserted[i] == Statement.SUCCESS_NO_INFO) {
                    taken.add(new OrderChangeFeed.Change(inserts.get(i).orderId(), OrderStatus.PENDING,
                            inserts.get(i).version()));
                }
            }
        }
        if (!rows.isEmpty()) {
            List<String> orderIds = new ArrayList<>(rows.keySet());
            int[] updated = jdbc.batchUpdate(UPDATE, orderIds.stream()
                    .map(orderId -> rows.get(orderId).parameters(orderId)).toList());
            for (int i = 0; i < orderIds.size(); i++) {
                if (updated[i] > 0) {
                    taken.addAll(later.get(orderIds.get(i)));
                }
            }
        }
        taken.stream().filter(change -> !untold.contains(change)).forEach(changed);
    }
}
