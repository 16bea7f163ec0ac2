package app.axon;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.AxonTransientException;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The aggregate cache as several instances on one event store can use it: a cached aggregate that misses events
 * another instance appended (a stale entry) never decides a command. Two ways keep that promise:
 * <ul>
 * <li><b>checked before use</b>: the entry's version is compared with the last sequence number the store holds for
 *     the aggregate (one query on the store's unique index) and the events appended since are applied to it. This
 *     is the way while other instances are live: they write the same accounts and products all the time.</li>
 * <li><b>checked when it matters</b>, while this instance is alone: the entry is used as it is. A command that
 *     appends to a stale aggregate numbers its events after what the store already holds, which the store's unique
 *     key refuses: the unit of work fails, Axon drops the entry and the command is tried again on fresh state. What
 *     the key cannot catch is a decision that appends nothing to the aggregate it read (a refusal, or the work found
 *     done already); so before a unit of work commits, and when a command fails, every aggregate it used and did not
 *     append to is compared with the store, and a stale one fails the unit of work as a transient conflict, tried
 *     again like the other. Commands that append, nearly all of them, cost no query.</li>
 * </ul>
 * Either way, another instance may append between the check and the commit, which the unique key refuses as above.
 * <p>
 * Axon reads the cache only from the repository of an event-sourced aggregate, while it holds that aggregate's lock
 * inside the command's unit of work, so the entry is brought up to date under the same lock that guards its use.
 */
final class StoreCheckedAggregateCache implements Cache {

    /** When a cached aggregate is compared with the store, as {@code eventshop.aggregate-cache.check-before-use}. */
    enum CheckBeforeUse { ALWAYS, NEVER, WHILE_SHARED }

    private static final String USED_UNCHECKED = StoreCheckedAggregateCache.class.getName() + ".usedUnchecked";

    private final Cache entries;
    private final Supplier<EventStore> eventStore;
    private final BooleanSupplier checkBeforeUse;

    StoreCheckedAggregateCache(Cache entries, Supplier<EventStore> eventStore, BooleanSupplier checkBeforeUse) {
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
        String aggregateId = key.toString();
        EventSourcedAggregate<?> aggregate = cachedAggregate(entry);
        if (aggregate == null || aggregate.version() == null) {
            entries.remove(key);
            return null;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get() : null;
        if (checkBeforeUse.getAsBoolean() || unitOfWork == null
                || !unitOfWork.root().phase().isBefore(UnitOfWork.Phase.PREPARE_COMMIT)) {
            if (!caughtUp(aggregateId, aggregate)) {
                entries.remove(key);
                return null;
            }
        } else {
            checkedBeforeCommit(unitOfWork, aggregateId, aggregate);
        }
        return value;
    }

    /**
     * Applies the events stored after the cached version to the cached aggregate; false when the entry cannot be
     * used (the store holds less than the cache, or it cannot be read here), so that the aggregate is loaded afresh.
     */
    private boolean caughtUp(String aggregateId, EventSourcedAggregate<?> aggregate) {
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
     * Remembers, in the root unit of work, the version at which the aggregate was first used in it; the root checks
     * before it commits those it did not append to. A nested unit of work that rolls back (a command of a saga that
     * failed) drops whatever its command appended, and the saga acts on the failure, so its aggregates are checked
     * at once: later commands of the root may load the aggregate afresh and append to it, which the store would then
     * show the root's own transaction.
     */
    private void checkedBeforeCommit(UnitOfWork<?> unitOfWork, String aggregateId,
                                     EventSourcedAggregate<?> aggregate) {
        UnitOfWork<?> root = unitOfWork.root();
        Map<String, Use> uses = root.getOrComputeResource(USED_UNCHECKED, name -> {
            Map<String, Use> used = new HashMap<>();
            root.onPrepareCommit(committing -> failIfStale(used.values()));
            return used;
        });
        Use use = uses.computeIfAbsent(aggregateId, id -> new Use(id, aggregate, aggregate.version()));
        if (unitOfWork != root) {
            unitOfWork.onRollback(rolledBack -> {
                use.dropped = true;
                try {
                    use.droppedStale |= !current(use);
                } catch (RuntimeException unreadable) {
                    use.droppedStale = true;
                }
            });
        }
    }

    /** A command that failed may have been refused on a stale aggregate: if so, it fails as a conflict instead. */
    MessageHandlerInterceptor<CommandMessage<?>> failedCommandsChecked() {
        return (unitOfWork, chain) -> proceedChecked(unitOfWork, chain);
    }

    private Object proceedChecked(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        try {
            return chain.proceed();
        } catch (Exception failure) {
            // a nested command's failure is checked by its root before the root commits, with what the saga did
            // about it; the root's own failure is the caller's answer, so it is checked here
            Map<String, Use> uses = unitOfWork.isRoot() ? unitOfWork.getResource(USED_UNCHECKED) : null;
            if (uses != null) {
                try {
                    for (Use use : uses.values()) {
                        if (!current(use)) {
                            throw stale(use);
                        }
                    }
                } catch (StaleAggregate stale) {
                    stale.addSuppressed(failure);
                    throw stale;
                } catch (RuntimeException uncheckable) {
                    // the failure was the database's (the transaction is lost): that is the answer
                    failure.addSuppressed(uncheckable);
                }
            }
            throw failure;
        }
    }

    /** Before the root commits: the aggregates it used without appending to them, and those its failures left. */
    private void failIfStale(Iterable<Use> uses) {
        for (Use use : uses) {
            if (use.dropped ? use.droppedStale : use.appendedNothing() && !current(use)) {
                throw stale(use);
            }
        }
    }

    /** Whether the store holds exactly what the aggregate held when this unit of work first used it. */
    private boolean current(Use use) {
        Optional<Long> stored = eventStore.get().lastSequenceNumberFor(use.aggregateId);
        return stored.isPresent() && stored.get() == use.version;
    }

    private StaleAggregate stale(Use use) {
        entries.remove(use.aggregateId);
        return new StaleAggregate(use.aggregateId);
    }

    private static final class Use {

        private final String aggregateId;
        private final EventSourcedAggregate<?> aggregate;
        private final long version;
        /** A nested unit of work that used it rolled back, and whether it was stale then. */
        private boolean dropped;
        private boolean droppedStale;

        private Use(String aggregateId, EventSourcedAggregate<?> aggregate, long version) {
            this.aggregateId = aggregateId;
            this.aggregate = aggregate;
            this.version = version;
        }

        private boolean appendedNothing() {
            return aggregate.version() == version;
        }
    }

    /** A command decided on a cached aggregate that another instance had changed; tried again, it reads the store. */
    static final class StaleAggregate extends AxonTransientException {

        StaleAggregate(String aggregateId) {
            super("Aggregate " + aggregateId + " was changed elsewhere after this instance cached it");
        }
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
