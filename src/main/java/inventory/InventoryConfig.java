package inventory;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InventoryConfig {

    /**
     * Declared here rather than left to Axon so that {@link ProductStock} can load products by name. Each order adds
     * an event to every product it takes stock from, so products are loaded from snapshots.
     */
    @Bean
    Repository<Product> productRepository(EventStore eventStore, Snapshotter snapshotter,
                                          @Qualifier("aggregateCache") Cache aggregateCache,
                                          @Value("${eventshop.inventory.snapshot-every:100}") int every) {
        return EventSourcingRepository.builder(Product.class)
                .eventStore(eventStore)
                .cache(aggregateCache)
                .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshotter, every))
                .build();
    }

    /**
     * A reservation never takes a snapshot (it has one or two events), and every order loads a new one (its
     * commands create it if it is missing), so it is read from its events alone: Axon's repository asks the snapshot
     * table first, one statement per order that always finds nothing.
     */
    @Bean
    Repository<Reservation> reservationRepository(EventStore eventStore,
                                                  @Qualifier("aggregateCache") Cache aggregateCache,
                                                  ParameterResolverFactory parameters, HandlerDefinition handlers) {
        // the command handlers take Spring beans (ProductStock), which Axon's own resolvers provide
        return new ReadWithoutSnapshots<>(EventSourcingRepository.builder(Reservation.class)
                .parameterResolverFactory(parameters)
                .handlerDefinition(handlers)
                .eventStore(eventStore)
                .cache(aggregateCache), eventStore);
    }

    private static final class ReadWithoutSnapshots<T> extends CachingEventSourcingRepository<T> {

        private final EventStore eventStore;

        ReadWithoutSnapshots(EventSourcingRepository.Builder<T> builder, EventStore eventStore) {
            super(builder);
            this.eventStore = eventStore;
        }

        @Override
        protected DomainEventStream readEvents(String aggregateIdentifier) {
            return eventStore.readEvents(aggregateIdentifier, 0);
        }
    }
}
