package inventory;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import inventory.api.InventoryReleased;
import inventory.api.InventoryReservationFailed;
import inventory.api.InventoryReserved;
import inventory.api.ProductAdded;
import inventory.api.ProductStockReleased;
import inventory.api.ProductStockReserved;
import inventory.api.ReleaseInventory;
import inventory.api.ReserveInventory;
import inventory.api.StockLine;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reservation is tested with real products: they live in an event store of their own here, since a fixture
 * holds one aggregate type, and what a reservation did to them is read back from that store.
 */
class ReservationTest {

    private static final List<StockLine> TWO_LINES = List.of(new StockLine("kb", 2), new StockLine("mouse", 1));

    private AggregateTestFixture<Reservation> fixture;
    private EmbeddedEventStore productEvents;

    @BeforeEach
    void setUp() {
        productEvents = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        productEvents.publish(
                productAdded("kb", 5),
                productAdded("mouse", 1));
        ProductStock stock = new ProductStock(
                EventSourcingRepository.builder(Product.class).eventStore(productEvents).build());
        fixture = new AggregateTestFixture<>(Reservation.class);
        fixture.registerInjectableResource(stock);
    }

    private static EventMessage<?> productAdded(String productId, int stock) {
        return new GenericDomainEventMessage<>("Product", "product-" + productId, 0,
                new ProductAdded(productId, productId, BigDecimal.TEN, "THB", stock));
    }

    private List<Object> productEventsOf(String productId) {
        return productEvents.readEvents("product-" + productId).asStream()
                .map(EventMessage::getPayload)
                .collect(Collectors.toList());
    }

    @Test
    void reservesEveryLineOfAnOrder() {
        fixture.givenNoPriorActivity()
                .when(new ReserveInventory("o1", TWO_LINES))
                .expectEvents(new InventoryReserved("o1", TWO_LINES));
        assertThat(productEventsOf("kb")).endsWith(new ProductStockReserved("kb", "o1", 2));
        assertThat(productEventsOf("mouse")).endsWith(new ProductStockReserved("mouse", "o1", 1));
    }

    @Test
    void reservesNothingWhenOneLineIsShort() {
        fixture.givenNoPriorActivity()
                .when(new ReserveInventory("o1", List.of(new StockLine("kb", 2), new StockLine("mouse", 2))))
                .expectEvents(new InventoryReservationFailed("o1", "Insufficient stock for product mouse"));
        assertThat(productEventsOf("kb")).hasSize(1);
        assertThat(productEventsOf("mouse")).hasSize(1);
    }

    @Test
    void countsRepeatedLinesOfOneProductTogether() {
        fixture.givenNoPriorActivity()
                .when(new ReserveInventory("o1", List.of(new StockLine("mouse", 1), new StockLine("mouse", 1))))
                .expectEvents(new InventoryReservationFailed("o1", "Insufficient stock for product mouse"));
    }

    @Test
    void failsReservationForUnknownProduct() {
        fixture.givenNoPriorActivity()
                .when(new ReserveInventory("o1", List.of(new StockLine("kb", 1), new StockLine("ghost", 1))))
                .expectEvents(new InventoryReservationFailed("o1", "Unknown product ghost"));
        assertThat(productEventsOf("kb")).hasSize(1);
    }

    @Test
    void answersRepeatedReservationOnlyOnce() {
        fixture.given(new InventoryReserved("o1", TWO_LINES))
                .when(new ReserveInventory("o1", TWO_LINES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releasesReservedStock() {
        fixture.given(new InventoryReserved("o1", TWO_LINES))
                .when(new ReleaseInventory("o1"))
                .expectEvents(new InventoryReleased("o1", TWO_LINES));
        assertThat(productEventsOf("kb")).endsWith(new ProductStockReleased("kb", "o1", 2));
        assertThat(productEventsOf("mouse")).endsWith(new ProductStockReleased("mouse", "o1", 1));
    }

    @Test
    void releasesStockOnlyOnce() {
        fixture.given(new InventoryReserved("o1", TWO_LINES), new InventoryReleased("o1", TWO_LINES))
                .when(new ReleaseInventory("o1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releaseBeforeReservationMakesReservationFail() {
        fixture.given(new InventoryReleased("o1", List.of()))
                .when(new ReserveInventory("o1", TWO_LINES))
                .expectEvents(new InventoryReservationFailed("o1",
                        "Order was released before its stock was reserved"));
        assertThat(productEventsOf("kb")).hasSize(1);
    }

    @Test
    void releaseOfUnreservedOrderIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new ReleaseInventory("o1"))
                .expectEvents(new InventoryReleased("o1", List.of()));
    }

    @Test
    void releaseAfterFailedReservationChangesNothing() {
        fixture.given(new InventoryReservationFailed("o1", "Insufficient stock for product kb"))
                .when(new ReleaseInventory("o1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
