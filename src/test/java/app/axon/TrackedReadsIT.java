package app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import app.IntegrationTest;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import payments.api.DepositMoney;
import payments.api.OpenAccount;

/**
 * A tracking read of the store ends with the first batch that is not full: it held every event there was, so the
 * read that Axon's own stream makes next, which finds nothing, is not made; nor is the event store reader's look for
 * more right after a stream, while nothing has been committed here since.
 */
@IntegrationTest
class TrackedReadsIT {

    private static final int BATCH = 5;

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EntityManagerProvider entityManagers;
    @Autowired
    TransactionManager transactions;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void aStreamReadsFullBatchesThenTheShortOneAndStops() {
        String customerId = "reads-" + UUID.randomUUID();
        commands.sendAndWait(new OpenAccount(customerId, new BigDecimal("1.00"), "THB"));
        for (int i = 0; i < 10; i++) {
            commands.sendAndWait(new DepositMoney(customerId, new BigDecimal("1.00"), null));
        }
        List<Long> positions = jdbc.queryForList(
                "select global_index from domain_event_entry order by global_index desc limit 13", Long.class);
        long from = positions.get(positions.size() - 1);
        AtomicInteger reads = new AtomicInteger();
        SqlEventStorageEngine engine = engine(reads);

        List<Long> read = engine.readEvents(GapAwareTrackingToken.newInstance(from, List.of()), false)
                .map(TrackedEventMessage::trackingToken)
                .map(token -> ((GapAwareTrackingToken) token).getIndex())
                .toList();

        List<Long> stored = jdbc.queryForList("select global_index from domain_event_entry where global_index > ?"
                + " order by global_index", Long.class, from);
        assertThat(read).as("every event after the token, in order").isEqualTo(stored).hasSizeGreaterThan(BATCH);
        assertThat(reads.get()).as("reads of %s events in batches of %s", read.size(), BATCH)
                .isEqualTo(read.size() / BATCH + 1);
    }

    /**
     * The event store's reader (a stream that may block) looks again right after a stream that found events: with no
     * local append committed since, that look is answered without a read; once one has committed, it reads again.
     * Other streams always read.
     */
    @Test
    void theReaderLooksAgainWithoutAReadUntilSomethingIsCommittedHere() {
        AtomicInteger reads = new AtomicInteger();
        SqlEventStorageEngine engine = engine(reads);
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        GapAwareTrackingToken atHead = GapAwareTrackingToken.newInstance(head, List.of());

        List<? extends TrackedEventMessage<?>> found = engine.readEvents(atHead, true).toList();
        TrackingToken end = found.isEmpty() ? atHead : found.get(found.size() - 1).trackingToken();
        assertThat(engine.readEvents(end, true).toList()).isEmpty();
        assertThat(reads.get()).as("the reader's look again, straight after").isEqualTo(1);
        engine.readEvents(end, false).toList();
        assertThat(reads.get()).as("another stream").isEqualTo(2);

        String probe = "reads-probe-" + UUID.randomUUID();
        transaction.executeWithoutResult(status -> engine.appendEvents(
                new GenericDomainEventMessage<>("Probe", probe, 0, "appended here")));
        List<String> read = engine.readEvents(end, true)
                .map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier()).toList();

        assertThat(reads.get()).as("after a local append").isEqualTo(3);
        assertThat(read).contains(probe);
    }

    /** What other instances commit wakes nothing here, so while they are live the reader looks again as Axon does. */
    @Test
    void withOtherInstancesLiveTheReaderAlwaysLooksAgain() {
        AtomicInteger reads = new AtomicInteger();
        OtherInstances twoLive = new OtherInstances();
        twoLive.counted(2);
        SqlEventStorageEngine engine = engine(reads, twoLive);
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        GapAwareTrackingToken atHead = GapAwareTrackingToken.newInstance(head, List.of());

        engine.readEvents(atHead, true).toList();
        engine.readEvents(atHead, true).toList();

        assertThat(reads.get()).isEqualTo(2);
    }

    /** An engine of its own, on this instance alone unless told otherwise. */
    private SqlEventStorageEngine engine(AtomicInteger reads) {
        OtherInstances alone = new OtherInstances();
        alone.counted(1);
        return engine(reads, alone);
    }

    private SqlEventStorageEngine engine(AtomicInteger reads, OtherInstances otherInstances) {
        return new SqlEventStorageEngine(JpaEventStorageEngine.builder()
                .entityManagerProvider(entityManagers)
                .transactionManager(transactions)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(eventSerializer)
                .batchSize(BATCH), new CountingJdbc(jdbc, reads), otherInstances, Duration.ofMinutes(1));
    }

    /** Counts the tracking reads, the store's only queries that take their arguments this way. */
    private static final class CountingJdbc extends JdbcTemplate {

        private final AtomicInteger reads;

        CountingJdbc(JdbcTemplate jdbc, AtomicInteger reads) {
            super(jdbc.getDataSource());
            this.reads = reads;
        }

        @Override
        public <T> List<T> query(String sql, RowMapper<T> rowMapper, Object... args) {
            if (sql.startsWith("select global_index,")) {
                reads.incrementAndGet();
            }
            return super.query(sql, rowMapper, args);
        }
    }
}
