package query;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import orders.api.OrderCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;
import query.api.OrderView;

/**
 * What this instance knows of a recent order's view without reading it, so that following an order just placed here
 * does not read its row: the row is almost never projected yet, and the read found nothing (one statement and one
 * transaction per order, and a query on the request thread).
 * <p>
 * Known only while {@link OrderChangeListener} is connected (on PostgreSQL), since then every view any instance
 * commits reaches this instance. An order created here is known to have no view yet: a subscribing group (see
 * application.yml), so it is recorded before the transaction that creates the order commits, before any projection
 * can see the order. Every view the listener receives then replaces what was known. What was recorded before the
 * listener's current connection is not known any more (a view committed in between was missed), nor is an order whose
 * view came as a reference to read back, nor any order placed on another instance and never seen here: for those the
 * row is read, as before.
 * <p>
 * A request thread never waits for what is known: when the listener holds the lock, the order placed is not recorded
 * and the order followed is not looked up, and its row is read. The lock is held for microseconds, but on two busy
 * cores its holder is sometimes preempted, and request threads waited up to 76 ms for it (benchmark/NOTES.md, ninth
 * round).
 */
@Component
@ProcessingGroup(RecentOrderViews.PROCESSING_GROUP)
class RecentOrderViews {

    static final String PROCESSING_GROUP = "recent-order-views";
    /**
     * At most this many orders, each for at most {@link #MAX_AGE} since it was last learnt: an order is followed right
     * after it is placed, and one forgotten is read again, nothing worse. Not longer: views kept for a minute outlived
     * every young collection and filled the old generation (benchmark/NOTES.md, seventh round); the bound by age made
     * little difference of its own in the ninth round's measurement, where most survivors were the event store's.
     */
    static final int CAPACITY = 1_000;
    static final Duration MAX_AGE = Duration.ofSeconds(3);

    /** What is known of one order: its latest view, or null for none yet; and when that was learnt (nanoseconds). */
    private record Known(OrderView view, long learntAt) {
    }

    /** In the order they were last learnt, the eldest first. */
    private final Map<String, Known> orders = new LinkedHashMap<>(256) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > CAPACITY;
        }
    };
    /** Guards {@link #orders} and {@link #listening}; package-private so that a test can hold it. */
    final ReentrantLock lock = new ReentrantLock();
    private final LongSupplier nanoClock;
    /** Whether the listener is connected; what is known was all learnt during its current connection. */
    private boolean listening;

    RecentOrderViews() {
        this(System::nanoTime);
    }

    RecentOrderViews(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @EventHandler
    void on(OrderCreated event) {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (listening && !orders.containsKey(event.orderId())) {
                learnt(event.orderId(), null);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Puts it last, and drops at the head those learnt too long ago. */
    private void learnt(String orderId, OrderView view) {
        long now = nanoClock.getAsLong();
        Iterator<Known> eldestFirst = orders.values().iterator();
        while (eldestFirst.hasNext() && now - eldestFirst.next().learntAt() > MAX_AGE.toNanos()) {
            eldestFirst.remove();
        }
        orders.remove(orderId);
        orders.put(orderId, new Known(view, now));
    }

    /**
     * The order's view as far as this instance knows without reading: empty when it is not known (read it), an empty
     * view when the order is known to have none yet, else its latest view (any later one is on its way to the
     * followers subscribed before this look).
     */
    Optional<Optional<OrderView>> known(String orderId) {
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            Known known = orders.get(orderId);
            if (known == null || !listening) {
                return Optional.empty();
            }
            return Optional.of(Optional.ofNullable(known.view()));
        } finally {
            lock.unlock();
        }
    }

    /** The listener received this view, committed by some instance's projection. */
    void seen(OrderView view) {
        lock.lock();
        try {
            if (!listening) {
                return;
            }
            Known known = orders.get(view.orderId());
            if (known == null || known.view() == null || known.view().version() < view.version()) {
                learnt(view.orderId(), view);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The listener was told the order changed without its view: it is read again from now on. */
    void forget(String orderId) {
        lock.lock();
        try {
            orders.remove(orderId);
        } finally {
            lock.unlock();
        }
    }

    /** The listener has connected (again): views committed from now on reach it, earlier ones may have been missed. */
    void connected() {
        lock.lock();
        try {
            orders.clear();
            listening = true;
        } finally {
            lock.unlock();
        }
    }

    /** The listener lost its connection, or stopped: nothing is known until it connects again. */
    void disconnected() {
        lock.lock();
        try {
            orders.clear();
            listening = false;
        } finally {
            lock.unlock();
        }
    }
}
