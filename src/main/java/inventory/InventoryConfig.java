package inventory;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
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
}
