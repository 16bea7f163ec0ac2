package app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import payments.api.AccountOpened;
import payments.api.DepositMoney;
import payments.api.MoneyDeposited;
import payments.api.OpenAccount;

/** A command sent through Axon comes back out of the event store as typed events with their metadata. */
@IntegrationTest
class EventStoreRoundTripIT {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void commandIsStoredAsEventsAndReadBack() {
        String customerId = "round-trip-" + UUID.randomUUID();
        String correlationId = UUID.randomUUID().toString();

        commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                        new OpenAccount(customerId, new BigDecimal("12.34"), "THB"))
                .withMetaData(MetaData.with("correlationId", correlationId).and("userId", "tester")));

        List<DomainEventMessage<?>> stored = eventStore.readEvents("account-" + customerId).asStream().<DomainEventMessage<?>>map(event -> event).toList();
        assertThat(stored).<Object>extracting(DomainEventMessage::getPayload).containsExactly(
                new AccountOpened(customerId, "THB"),
                new MoneyDeposited(customerId, new BigDecimal("12.34"), "THB"));
        assertThat(stored).<Long>extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
        assertThat(stored).allSatisfy(event -> {
            assertThat(event.getMetaData()).containsEntry("correlationId", correlationId)
                    .containsEntry("userId", "tester")
                    .containsEntry("source", "payments")
                    .containsKey("causationId");
        });
    }

    /**
     * A tracking processor that saw events around one not yet committed keeps that one as a gap and asks for it
     * again. Its next read returns the gap once it is there and everything after its position, nothing before.
     */
    @Test
    void aTokenWithAGapReadsTheGapAndWhatFollows() {
        String customerId = "gaps-" + UUID.randomUUID();
        String stream = "account-" + customerId;
        commands.sendAndWait(new OpenAccount(customerId, new BigDecimal("1.00"), "THB"));
        for (int i = 0; i < 4; i++) {
            commands.sendAndWait(new DepositMoney(customerId, new BigDecimal("1.00"), null));
        }
        List<Long> positions = jdbc.queryForList("select global_index from domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number", Long.class, stream);
        assertThat(positions).hasSize(6);

        // read up to the fourth event, with the second one missing
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(positions.get(3),
                new TreeSet<>(List.of(positions.get(1))));
        List<Long> sequenceNumbersRead = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(token)) {
            while (!sequenceNumbersRead.contains(5L) && events.hasNextAvailable(5, TimeUnit.SECONDS)) {
                if (events.nextAvailable() instanceof DomainEventMessage<?> event
                        && event.getAggregateIdentifier().equals(stream)) {
                    sequenceNumbersRead.add(event.getSequenceNumber());
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        assertThat(sequenceNumbersRead).containsExactly(1L, 4L, 5L);
    }

    /**
     * Several events appended at once (as a saga batch's commands append them) are stored with positions in the
     * order given; when one of them takes a sequence number that another writer already took, the append is a
     * conflict (what a command retries or answers 409 with) and none of them is stored.
     */
    @Test
    void severalEventsAppendedAtOnceAreStoredInOrderOrNotAtAll() {
        String customerId = "batch-" + UUID.randomUUID();
        String stream = "account-" + customerId;
        commands.sendAndWait(new OpenAccount(customerId, new BigDecimal("1.00"), "THB"));
        // eleven at once: on PostgreSQL one JDBC batch, which the driver sends as inserts of 8, 2 and 1 rows
        List<GenericDomainEventMessage<MoneyDeposited>> deposits = new ArrayList<>();
        List<Object> expected = new ArrayList<>(List.of(new AccountOpened(customerId, "THB"),
                new MoneyDeposited(customerId, new BigDecimal("1.00"), "THB")));
        for (int sequenceNumber = 2; sequenceNumber <= 12; sequenceNumber++) {
            deposits.add(deposit(stream, sequenceNumber, sequenceNumber + ".00"));
            expected.add(new MoneyDeposited(customerId, new BigDecimal(sequenceNumber + ".00"), "THB"));
        }
        transaction.executeWithoutResult(status -> eventStore.publish(deposits));

        List<Long> positions = jdbc.queryForList("select global_index from domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number", Long.class, stream);
        assertThat(positions).hasSize(13).isSorted().doesNotHaveDuplicates();
        assertThat(eventStore.readEvents(stream).asStream().<Object>map(event -> event.getPayload()).toList())
                .containsExactlyElementsOf(expected);

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> eventStore.publish(
                deposit(stream, 13, "13.00"), deposit(stream, 12, "99.00"))))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, stream)).isEqualTo(13);
    }

    private static GenericDomainEventMessage<MoneyDeposited> deposit(String stream, long sequenceNumber,
                                                                      String amount) {
        String customerId = stream.substring("account-".length());
        return new GenericDomainEventMessage<>("Account", stream, sequenceNumber,
                new MoneyDeposited(customerId, new BigDecimal(amount), "THB"));
    }
}
