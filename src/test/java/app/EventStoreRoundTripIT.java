package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;
import payments.api.OpenAccount;

/** A command sent through Axon comes back out of the event store as typed events with their metadata. */
@IntegrationTest
class EventStoreRoundTripIT {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;

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
}
