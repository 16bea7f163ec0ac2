package app.axon;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * The aggregate cache as several instances on one event store can use it: a stale entry (another instance appended
 * events since it was cached) never decides a command. Either of two ways, by {@code checkBeforeUse}:
 * <ul>
 * <li>before use: before a cached aggregate decides a command, its version is compared with the last sequence
 * number the store holds for it (one query on the store's unique index), and the events another instance appended
 * since are applied to it. One statement per command on a cached aggregate; the way for several instances that often
 * change the same aggregates (popular products), where a stale entry is common.</li>
 * <li>after use (the default): the entry is used as it is, and what it decided is checked afterwards
 * ({@link #verifyDecisions}). A command that appended events needs no check: a stale aggregate's next sequence number
 * is already in the store, and the store's unique key refuses the append. A command that appended nothing (refused
 * by a rule, or nothing to do) is checked against the store once it is decided; if the entry was stale, the entry
 * is dropped and the command fails as a conflict, which is retried on fresh state. One instance alone never has a
 * stale entry, so it never pays the statement.</li>
 * </ul>
 * Either way another instance may append between the decision and the commit, which the unique key refuses.
 * <p>
 * Axon reads the cache only from the repository of an event-sourced aggregate, while it holds that aggregate's lock
 * inside the command's unit of work, so the entry is brought up to date under the same lock that guards its use.
 */
final class StoreCheckedAggregateCache implements Cache {

    private static final String UNCHECKED = StoreCheckedAggregateCache.class.getName() + ".unchecked";

    private final Cache entries;
    private final Supplier<EventStore> eventStore;
    private final boolean checkBeforeUse;

    StoreCheckedAggregateCache(Cache entries, Supplier<EventStore> eventStore, boolean checkBeforeUse) {
        this.entries = entries;
        this.eventStore = eventStore;
        this.checkBeforeUse = checkBeforeUse;
    }

    @Override
    public <K, V> V get(K key) {
        V value = entries.get(key);
        if (!(value instanceof AggregateCacheEntry<?> entry)) {
            return value;
        }
        if (!checkBeforeUse && CurrentUnitOfWork.isStarted()) {
            EventSourcedAggregate<?> aggregate = cachedAggregate(entry);
            if (aggregate != null && aggregate.version() != null) {
                CurrentUnitOfWork.get().<Map<String, Use>>getOrComputeResource(UNCHECKED, name -> new HashMap<>())
                        .put(key.toString(), new Use(aggregate, aggregate.version()));
                return value;
            }
        }
        if (!caughtUp(key.toString(), entry)) {
            entries.remove(key);
            return null;
        }
        return value;
    }

    /**
     * Around each command handler: a cached aggregate used without a check that appended nothing is compared with the
     * store once the command is decided; when the store holds more, the entry is dropped and the command fails as a
     * conflict (retried on fresh state) instead of answering what a stale copy decided.
     */
    MessageHandlerInterceptor<CommandMessage<?>> verifyDecisions() {
        return (unitOfWork, chain) -> {
            Object result;
            try {
                result = chain.proceed();
            } catch (Exception refused) {
                throwIfStale(unitOfWork, refused);
                throw refused;
            }
            throwIfStale(unitOfWork, null);
            return result;
        };
    }

    private void throwIfStale(UnitOfWork<?> unitOfWork, Exception refusal) {
        Map<String, Use> used = unitOfWork.getResource(UNCHECKED);
        if (used == null) {
            return;
        }
        for (Map.Entry<String, Use> use : used.entrySet()) {
            Long version = use.getValue().aggregate().version();
            if (version != null && version > use.getValue().version()) {
                continue;
            }
            Optional<Long> stored = eventStore.get().lastSequenceNumberFor(use.getKey());
            if (stored.isEmpty() || stored.get() != use.getValue().version()) {
                entries.remove(use.getKey());
                ConcurrencyException stale = new ConcurrencyException("Aggregate " + use.getKey()
                        + " was decided on a cached copy older than the store; try again");
                if (refusal != null) {
                    stale.addSuppressed(refusal);
                }
                throw stale;
            }
        }
    }

    private record Use(EventSourcedAggregate<?> aggregate, long version) {
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
