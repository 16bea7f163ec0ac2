package app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import app.IntegrationTest;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import payments.api.DepositMoney;
import payments.api.OpenAccount;

/**
 * A tracking read of the store ends with the first batch that is not full: it held every event there was, so the
 * read that Axon's own stream makes next, which finds nothing, is not made.
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
        SqlEventStorageEngine engine = new SqlEventStorageEngine(JpaEventStorageEngine.builder()
                .entityManagerProvider(entityManagers)
                .transactionManager(transactions)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(eventSerializer)
                .batchSize(BATCH), new CountingJdbc(jdbc, reads));

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
