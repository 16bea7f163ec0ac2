package app.axon;

import java.util.List;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The JPA event store, set up as Axon's auto-configuration would, with the reading of gaps fixed. */
@Configuration(proxyBeanMethods = false)
class EventStoreConfig {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager) {
        return new GapBoundedEventStorageEngine(JpaEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager));
    }

    /**
     * A tracking processor whose token has gaps (sequence values taken by transactions that had not committed when it
     * last read) asks for {@code globalIndex > token OR globalIndex IN (gaps)}. With the generic plan of a prepared
     * statement PostgreSQL walks the primary key from the very first event and filters every row: 199 ms per read on
     * a million events. Every gap is below the token, so the same rows are those at or above the lowest gap, and with
     * that bound added the read is an index range scan (0.04 ms on the same table).
     */
    static final class GapBoundedEventStorageEngine extends JpaEventStorageEngine {

        GapBoundedEventStorageEngine(JpaEventStorageEngine.Builder builder) {
            super(builder);
        }

        @Override
        protected List<Object[]> fetchEvents(GapAwareTrackingToken token) {
            if (token == null || token.getGaps().isEmpty()) {
                return super.fetchEvents(token);
            }
            return entityManager().createQuery(
                            "SELECT e.globalIndex, e.type, e.aggregateIdentifier, e.sequenceNumber, e.eventIdentifier, "
                                    + "e.timeStamp, e.payloadType, e.payloadRevision, e.payload, e.metaData "
                                    + "FROM " + domainEventEntryEntityName() + " e "
                                    + "WHERE e.globalIndex >= :lowestGap "
                                    + "AND (e.globalIndex > :token OR e.globalIndex IN :gaps) "
                                    + "ORDER BY e.globalIndex ASC", Object[].class)
                    .setParameter("lowestGap", token.getGaps().first())
                    .setParameter("token", token.getIndex())
                    .setParameter("gaps", token.getGaps())
                    .setMaxResults(batchSize())
                    .getResultList();
        }
    }
}
