package app.axon;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A least-recently-used cache of at most {@code capacity} entries, each dropped once it has not been used for
 * {@code maxIdle}, for aggregates. Axon's own in-heap cache holds weak references that every young collection clears,
 * so under load it misses almost always; this one keeps the hot aggregates. The idle bound keeps the finished ones
 * short-lived: an order's aggregates are used within a second of its placing and never again, where a count alone
 * kept them about 10 s at 100 orders/s (the measured difference was small: benchmark/NOTES.md, ninth round). Entries
 * idle too long are dropped as others are put. {@link StoreCheckedAggregateCache} keeps its entries in step with what
 * other instances write.
 * An entry put inside a database transaction that then does not commit
 * is dropped too: Axon's own rollback hook does not fire when its unit of work joined an outer transaction that fails
 * later (a lost connection at commit), and the entry would otherwise hold events that were never stored.
 */
public final class BoundedCache implements Cache {

    /** A value and when it was last put or read, in the clock's nanoseconds. */
    private static final class Entry {
        final Object value;
        long usedAt;

        Entry(Object value, long usedAt) {
            this.value = value;
            this.usedAt = usedAt;
        }
    }

    /** In the order of their last use, the least recently used first. */
    private final Map<Object, Entry> entries;
    private final long maxIdleNanos;
    private final LongSupplier nanoClock;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public BoundedCache(int capacity, Duration maxIdle) {
        this(capacity, maxIdle, System::nanoTime);
    }

    BoundedCache(int capacity, Duration maxIdle, LongSupplier nanoClock) {
        this.maxIdleNanos = maxIdle.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                boolean full = size() > capacity;
                if (full) {
                    listeners.forEach(listener -> listener.onEntryExpired(eldest.getKey()));
                }
                return full;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (idle(entry, now)) {
            entries.remove(key);
            listeners.forEach(listener -> listener.onEntryExpired(key));
            return null;
        }
        entry.usedAt = now;
        return (V) entry.value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        long now = nanoClock.getAsLong();
        dropIdle(now);
        boolean existed = entries.put(key, new Entry(value, now)) != null;
        listeners.forEach(listener -> {
            if (existed) {
                listener.onEntryUpdated(key, value);
            } else {
                listener.onEntryCreated(key, value);
            }
        });
        dropUnlessCommitted(key);
    }

    private boolean idle(Entry entry, long now) {
        return now - entry.usedAt > maxIdleNanos;
    }

    /** The least recently used come first, so the idle ones are all at the head. */
    private void dropIdle(long now) {
        Iterator<Map.Entry<Object, Entry>> eldestFirst = entries.entrySet().iterator();
        while (eldestFirst.hasNext()) {
            Map.Entry<Object, Entry> eldest = eldestFirst.next();
            if (!idle(eldest.getValue(), now)) {
                return;
            }
            eldestFirst.remove();
            listeners.forEach(listener -> listener.onEntryExpired(eldest.getKey()));
        }
    }

    private void dropUnlessCommitted(Object key) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        remove(key);
                    }
                }
            });
        }
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        Object present = get(key);
        if (present != null) {
            return (T) present;
        }
        T created = valueSupplier.get();
        put(key, created);
        return created;
    }

    @Override
    public synchronized boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        List.copyOf(entries.keySet()).forEach(this::remove);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        Object present = get(key);
        if (present != null) {
            V updated = update.apply((V) present);
            if (updated == null) {
                remove(key);
            } else {
                put(key, updated);
            }
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
