package app.axon;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * The aggregate cache as several instances on one event store can use it: before a cached aggregate decides a
 * command, its version is compared with the last sequence number the store holds for it (one query on the store's
 * unique index), and the events another instance appended since are applied to it. So a stale entry never decides a
 * command; what can still happen is that another instance appends between this check and the commit, which the
 * store's unique key refuses and the command is retried on fresh state.
 * <p>
 * Axon reads the cache only from the repository of an event-sourced aggregate, while it holds that aggregate's lock
 * inside the command's unit of work, so the entry is brought up to date under the same lock that guards its use.
 */
final class StoreCheckedAggregateCache implements Cache {

    private final Cache entries;
    private final Supplier<EventStore> eventStore;

    StoreCheckedAggregateCache(Cache entries, Supplier<EventStore> eventStore) {
        this.entries = entries;
        this.eventStore = eventStore;
    }

    @Override
    public <K, V> V get(K key) {
        V value = entries.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && !caughtUp(key.toString(), entry)) {
            entries.remove(key);
            return null;
        }
        return value;
    }

    /**
     * Applies the events stored after the cached version to the cached aggregate; false when the entry cannot be
     * used (the store holds less than the cache, or it cannot be read here), so that the aggregate is loaded afresh.
     */
    private boolean caughtUp(String aggregateId, AggregateCacheEntry<?> entry) {
        EventSourcedAggregate<?> aggregate = cachedAggregate(entry);
        if (aggregate == null || aggregate.version() == null) {
            return false;
        }
        long cached = aggregate.version();
        Optional<Long> stored = eventStore.get().lastSequenceNumberFor(aggregateId);
        if (stored.isEmpty() || stored.get() < cached) {
            return false;
        }
        if (stored.get() > cached) {
            try {
                aggregate.initializeState(eventStore.get().readEvents(aggregateId, cached + 1));
            } catch (RuntimeException unreadable) {
                entries.remove(aggregateId);
                throw unreadable;
            }
            return stored.get().equals(aggregate.version());
        }
        return true;
    }

    /**
     * An entry made in this JVM hands back the very aggregate it was made from, without rebuilding anything; one
     * that would have to be rebuilt (never the case for an in-heap cache) is not used.
     */
    private static EventSourcedAggregate<?> cachedAggregate(AggregateCacheEntry<?> entry) {
        try {
            return entry.recreateAggregate(null, null, null, NoSnapshotTriggerDefinition.INSTANCE);
        } catch (RuntimeException notInHeap) {
            return null;
        }
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return entries.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public void removeAll() {
        entries.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, update);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return entries.registerCacheEntryListener(cacheEntryListener);
    }
}
