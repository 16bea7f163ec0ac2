package inventory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.List;
import java.util.Optional;

import inventory.api.InventoryReleased;
import inventory.api.InventoryReservationFailed;
import inventory.api.InventoryReserved;
import inventory.api.ReleaseInventory;
import inventory.api.ReserveInventory;
import inventory.api.StockLine;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The stock held for one order, in a stream of its own ("reservation-" + order id: the order id alone names the
 * Order's stream in the same event store). It is reserved whole or not at all, released at most once, and a
 * release that arrives first makes the later reservation fail, so a timed-out order never holds stock.
 */
@Aggregate(repository = "reservationRepository")
class Reservation {

    enum Status { NEW, RESERVED, FAILED, RELEASED }

    @AggregateIdentifier
    private String reservationId;
    private String orderId;
    private Status status = Status.NEW;
    private List<StockLine> items = List.of();

    Reservation() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ReserveInventory command, ProductStock stock) {
        switch (status) {
            case RESERVED, FAILED -> {
                // the same command again (a retry or a redelivery): it was answered already
            }
            case RELEASED -> apply(new InventoryReservationFailed(command.orderId(),
                    "Order was released before its stock was reserved"));
            case NEW -> {
                Optional<String> shortage = stock.reserve(command.orderId(), command.items());
                if (shortage.isPresent()) {
                    apply(new InventoryReservationFailed(command.orderId(), shortage.get()));
                } else {
                    apply(new InventoryReserved(command.orderId(), List.copyOf(command.items())));
                }
            }
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ReleaseInventory command, ProductStock stock) {
        switch (status) {
            case RESERVED -> {
                stock.release(orderId, items);
                apply(new InventoryReleased(orderId, items));
            }
            case NEW -> apply(new InventoryReleased(command.orderId(), List.of()));
            case FAILED, RELEASED -> {
                // nothing is held
            }
        }
    }

    @EventSourcingHandler
    void on(InventoryReserved event) {
        orderId = event.orderId();
        reservationId = ReserveInventory.reservationIdOf(orderId);
        status = Status.RESERVED;
        items = event.items();
    }

    @EventSourcingHandler
    void on(InventoryReservationFailed event) {
        orderId = event.orderId();
        reservationId = ReserveInventory.reservationIdOf(orderId);
        status = Status.FAILED;
    }

    @EventSourcingHandler
    void on(InventoryReleased event) {
        orderId = event.orderId();
        reservationId = ReserveInventory.reservationIdOf(orderId);
        status = Status.RELEASED;
        items = List.of();
    }
}
