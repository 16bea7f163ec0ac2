package app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import app.IntegrationTest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import payments.api.DepositMoney;
import payments.api.OpenAccount;

/**
 * An account takes a snapshot every hundred events; its stream is then read from the snapshot, and a new snapshot
 * replaces the older ones and one taken before at the same number.
 */
@IntegrationTest
class SnapshotsIT {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void anAccountIsReadFromItsOneSnapshot() {
        String customerId = "snapshots-" + UUID.randomUUID();
        String stream = "account-" + customerId;
        commands.sendAndWait(new OpenAccount(customerId, new BigDecimal("1.00"), "THB"));
        for (int i = 0; i < 120; i++) {
            commands.sendAndWait(new DepositMoney(customerId, new BigDecimal("1.00"), null));
        }

        List<Long> snapshots = snapshotNumbers(stream);
        assertThat(snapshots).as("snapshots of %s", stream).hasSize(1);
        long taken = snapshots.get(0);
        List<DomainEventMessage<?>> read = eventStore.readEvents(stream).asStream()
                .<DomainEventMessage<?>>map(event -> event).toList();
        assertThat(read.get(0).getSequenceNumber()).as("the stream starts with the snapshot").isEqualTo(taken);
        assertThat(read.get(0).getPayloadType().getSimpleName()).isEqualTo("Account");
        // opened with a deposit (0 and 1), then 120 deposits: the last event is number 121
        assertThat(read).as("then the events after it").hasSize(1 + 121 - (int) taken);
        assertThat(read.get(read.size() - 1).getSequenceNumber()).isEqualTo(121);

        DomainEventMessage<?> snapshot = read.get(0);
        transaction.executeWithoutResult(status -> eventStore.storeSnapshot(snapshot));
        assertThat(snapshotNumbers(stream)).as("the same snapshot taken again").containsExactly(taken);

        DomainEventMessage<?> later = new GenericDomainEventMessage<>(snapshot.getType(), stream, taken + 10,
                snapshot.getPayload(), snapshot.getMetaData());
        transaction.executeWithoutResult(status -> eventStore.storeSnapshot(later));
        assertThat(snapshotNumbers(stream)).as("a later snapshot replaces it").containsExactly(taken + 10);
    }

    private List<Long> snapshotNumbers(String stream) {
        return jdbc.queryForList("select sequence_number from snapshot_event_entry where aggregate_identifier = ?",
                Long.class, stream);
    }
}
