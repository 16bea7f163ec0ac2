package app.axon;

import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import app.persistence.DatabaseFaults;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.AxonTransientException;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessException;

/** Axon wiring that every context shares: message metadata and how commands are retried. */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * Aggregates stay in memory between commands instead of being rebuilt from the store each time; size 0 turns it
     * off. Aggregate ids do not collide across types (accounts, products and reservations have prefixed streams,
     * orders are UUIDs), so one cache serves all. Other instances may write to the same store, so a stale entry must
     * never decide a command: by default it is checked before use while other instances are live, and only where it
     * matters while this one is alone ({@link StoreCheckedAggregateCache}). 2,000 by default, and an entry unused for
     * 3 s is dropped: an order's aggregates are used within a second of its placing, the accounts and products over
     * and over; a larger cache held mostly finished orders, which every young collection copied and then promoted
     * (benchmark/NOTES.md, seventh round).
     */
    @Bean
    Cache aggregateCache(@Value("${eventshop.aggregate-cache.size:2000}") int size,
                         @Value("${eventshop.aggregate-cache.max-idle:3s}") Duration maxIdle,
                         @Value("${eventshop.aggregate-cache.check-before-use:while-shared}")
                         StoreCheckedAggregateCache.CheckBeforeUse checkBeforeUse,
                         ObjectProvider<EventStore> eventStore, OtherInstances otherInstances) {
        if (size <= 0) {
            return NoCache.INSTANCE;
        }
        BoundedCache entries = new BoundedCache(size, maxIdle);
        return new StoreCheckedAggregateCache(entries, eventStore::getObject, switch (checkBeforeUse) {
            case ALWAYS -> () -> true;
            case NEVER -> () -> false;
            case WHILE_SHARED -> otherInstances::live;
        });
    }

    @Bean
    OtherInstances otherInstances() {
        return new OtherInstances();
    }

    /** A command refused on a cached aggregate that another instance had changed is tried again, not refused. */
    @Bean
    InitializingBean staleRefusalsRetried(CommandBus commandBus, @Qualifier("aggregateCache") Cache aggregateCache) {
        return () -> {
            if (aggregateCache instanceof StoreCheckedAggregateCache checked) {
                commandBus.registerHandlerInterceptor(checked.failedCommandsChecked());
            }
        };
    }

    /**
     * What the projections read (their {@code source} in application.yml): the event store with a linger, so that a
     * caught-up projection commits a batch at most once per linger instead of once per event or two. The saga reads
     * the store directly: its latency is the order's.
     */
    @Bean
    LingeringEventSource projectionEventSource(EventStore eventStore,
                                               @Value("${eventshop.query.linger}") Duration linger) {
        return new LingeringEventSource(eventStore, linger);
    }

    /**
     * What the order summary reads: the same, with a linger of its own. The order's followers (its updates stream, a
     * read with {@code Prefer: wait}) see each change only once this projection has committed it, so its linger is
     * part of what they wait for; the other projections are read, not followed.
     */
    @Bean
    LingeringEventSource followedProjectionEventSource(
            EventStore eventStore, @Value("${eventshop.query.followed-linger}") Duration linger) {
        return new LingeringEventSource(eventStore, linger);
    }

    /**
     * Axon's query bus as its auto-configuration makes it, without a transaction around each query. Every query
     * handler reads with JDBC, one statement at a time, and PostgreSQL gives each statement a snapshot of its own in
     * any case (read committed); the transaction only added a BEGIN, a COMMIT and an entity manager to every read.
     */
    @Bean
    SimpleQueryBus queryBus(org.axonframework.config.Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(axon.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    /** Every aggregate finds a command's target through this (Axon looks for a component of this type). */
    @Bean
    CachedCommandTargetResolver commandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    @Bean
    CorrelationDataProvider messageMetadataPropagation() {
        return new MessageMetadata.Propagation();
    }

    /**
     * Axon's default for an event handler that throws is to log and go on, which silently loses that event for the
     * read model or the saga. Here the failure goes up to the processor, which retries the batch with backoff;
     * projection groups with a dead-letter queue park the failing sequence instead.
     */
    @Bean
    ConfigurerModule failedEventHandlingIsRetried() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }

    @Bean
    InitializingBean eventSourceTagging(EventBus eventBus) {
        return () -> eventBus.registerDispatchInterceptor(events -> (index, event) ->
                event.getMetaData().containsKey(MessageMetadata.SOURCE) ? event
                        : event.andMetaData(Collections.singletonMap(MessageMetadata.SOURCE,
                                MessageMetadata.sourceOf(event.getPayloadType()))));
    }

    /**
     * Two commands that change the same aggregate at once (on one instance or two): one wins, the other fails on the
     * event store's unique key and is tried again on the new state, a bounded number of times; what still conflicts
     * then answers 409. Rule violations and stale If-Match versions are never retried.
     */
    @Bean
    RetryScheduler commandRetryScheduler(@Value("${eventshop.commands.retries:5}") int retries,
                                         @Value("${eventshop.commands.retry-interval-ms:20}") int intervalMs) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        // Axon tests its predicate on every cause of a failure, and the SQL error under a ConcurrencyException is
        // not transient by itself; so the decision is made once here, on the failure as a whole.
        RetryScheduler intervals = IntervalRetryScheduler.builder()
                .retryExecutor(executor)
                .retryInterval(intervalMs)
                .maxRetryCount(retries)
                .nonTransientFailurePredicate(failure -> false)
                .build();
        return (command, lastFailure, failures, dispatch) ->
                isTransient(lastFailure) && intervals.scheduleRetry(command, lastFailure, failures, dispatch);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler commandRetryScheduler) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(commandRetryScheduler)
                .build();
    }

    /** An unreachable database is not waited out here: the client hears 503 within seconds and retries itself. */
    static boolean isTransient(Throwable failure) {
        if (DatabaseFaults.isUnavailable(failure)) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConflictingModificationException) {
                return false;
            }
            if (cause instanceof AxonTransientException || cause instanceof TransientDataAccessException) {
                return true;
            }
        }
        return false;
    }
}
