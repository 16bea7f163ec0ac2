package app.axon;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.hibernate.Session;
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

        private static final String INSERT = "insert into domain_event_entry (global_index, event_identifier,"
                + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload,"
                + " meta_data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

        /** Whether the store is PostgreSQL, learnt from the first connection that appends events. */
        private volatile Boolean postgres;

        GapBoundedEventStorageEngine(JpaEventStorageEngine.Builder builder) {
            super(builder);
        }

        /**
         * On PostgreSQL the events appended at once (a saga batch's commands: six of the seven events of an order)
         * take their global positions from the sequence in one statement and go in as one JDBC batch, instead of a
         * {@code nextval} round trip, an entity and a flush per event. The numbers are taken inside the appending
         * transaction, exactly as one by one, so a number is held no longer than before (a tracking processor treats
         * it as a gap until the transaction commits). The embedded database takes Axon's own way.
         */
        @Override
        protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
            if (events.isEmpty() || Boolean.FALSE.equals(postgres)) {
                super.appendEvents(events, serializer);
                return;
            }
            try {
                entityManager().unwrap(Session.class).doWork(connection -> {
                    if (postgres == null) {
                        postgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
                    }
                    if (postgres) {
                        insert(connection, events, serializer);
                    }
                });
            } catch (RuntimeException failure) {
                SQLException duplicate = duplicateKey(failure);
                if (duplicate != null) {
                    handlePersistenceException(duplicate, events.get(0));
                }
                // anything else (a connection that broke, above all) goes up as it is: the transaction fails and the
                // caller learns that the database is unavailable, not that the aggregate was changed concurrently
                throw failure;
            }
            if (!postgres) {
                super.appendEvents(events, serializer);
            }
        }

        private void insert(Connection connection, List<? extends EventMessage<?>> events, Serializer serializer)
                throws SQLException {
            long[] positions = new long[events.size()];
            try (PreparedStatement next = connection.prepareStatement(
                    "select nextval('domain_event_entry_seq') from generate_series(1, ?)")) {
                next.setInt(1, events.size());
                try (ResultSet numbers = next.executeQuery()) {
                    for (int i = 0; numbers.next(); i++) {
                        positions[i] = numbers.getLong(1);
                    }
                }
            }
            Arrays.sort(positions);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (int i = 0; i < positions.length; i++) {
                    DomainEventEntry entry = (DomainEventEntry) createEventEntity(events.get(i), serializer);
                    insert.setLong(1, positions[i]);
                    insert.setString(2, entry.getEventIdentifier());
                    insert.setString(3, entry.getAggregateIdentifier());
                    insert.setLong(4, entry.getSequenceNumber());
                    insert.setString(5, entry.getType());
                    insert.setString(6, DateTimeUtils.formatInstant(entry.getTimestamp()));
                    insert.setString(7, entry.getPayload().getType().getName());
                    insert.setString(8, entry.getPayload().getType().getRevision());
                    insert.setBytes(9, (byte[]) entry.getPayload().getData());
                    insert.setBytes(10, (byte[]) entry.getMetaData().getData());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        /**
         * The unique violation (SQLSTATE 23505) that makes a concurrent change of the same aggregate a conflict; in a
         * JDBC batch it is the statement's error under the batch's.
         */
        private static SQLException duplicateKey(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof BatchUpdateException batch && batch.getNextException() != null
                        && "23505".equals(batch.getNextException().getSQLState())) {
                    return batch.getNextException();
                }
                if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    return sql;
                }
            }
            return null;
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
