package inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import app.IntegrationTest;
import app.StoredEvents;
import inventory.api.AddProduct;
import inventory.api.FindCatalogueEntries;
import inventory.api.CatalogueEntry;
import inventory.api.InventoryReservationFailed;
import inventory.api.InventoryReserved;
import inventory.api.ProductStockReserved;
import inventory.api.ReserveInventory;
import inventory.api.StockLine;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

@IntegrationTest
class ProductsIT {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventStore eventStore;

    StoredEvents events;
    String productId;

    @BeforeEach
    void setUp() {
        events = new StoredEvents(jdbc);
        productId = "p-" + UUID.randomUUID();
    }

    private ResponseEntity<Map> post(String path, String json, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.postForEntity(path, new HttpEntity<>(json, headers), Map.class);
    }

    @Test
    void addedProductHasItsPriceInTheCatalogueAtOnce() {
        ResponseEntity<Map> added = post("/api/products",
                "{\"productId\":\"" + productId + "\",\"name\":\"Keyboard\",\"price\":2490.00,\"initialStock\":5}",
                null);

        assertThat(added.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(added.getHeaders().getLocation()).hasToString("/api/products/" + productId);
        List<CatalogueEntry> prices = queries.query(new FindCatalogueEntries(List.of(productId, "missing")),
                ResponseTypes.multipleInstancesOf(CatalogueEntry.class)).join();
        assertThat(prices).containsExactly(new CatalogueEntry(productId, "Keyboard", new BigDecimal("2490.00"), "THB"));
    }

    @Test
    void makesUpAnIdWhenNoneIsGiven() {
        ResponseEntity<Map> added = post("/api/products", "{\"name\":\"Mouse\",\"price\":10,\"initialStock\":0}",
                null);

        assertThat(added.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String madeUp = (String) added.getBody().get("productId");
        assertThat(events.typesOfAggregate("product-" + madeUp)).containsExactly("inventory.api.ProductAdded");
    }

    @Test
    void restocksAndRefusesStaleVersion() {
        post("/api/products", "{\"productId\":\"" + productId + "\",\"name\":\"Mouse\",\"price\":10,\"initialStock\":0}",
                null);

        assertThat(post("/api/products/" + productId + "/restock", "{\"quantity\":5}", "0").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(post("/api/products/" + productId + "/restock", "{\"quantity\":5}", "0").getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(events.typesOfAggregate("product-" + productId))
                .containsExactly("inventory.api.ProductAdded", "inventory.api.ProductRestocked");
    }

    @Test
    void secondProductWithSameIdIsConflict() {
        String body = "{\"productId\":\"" + productId + "\",\"name\":\"Mouse\",\"price\":10,\"initialStock\":1}";
        post("/api/products", body, null);

        ResponseEntity<Map> again = post("/api/products", body, null);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(events.typesOfAggregate("product-" + productId)).containsExactly("inventory.api.ProductAdded");
    }

    @Test
    void fiftyOrdersForTheLastTenUnitsReserveExactlyTen() throws Exception {
        commands.sendAndWait(new AddProduct(productId, "Last units", BigDecimal.ONE, "THB", 10));
        int orders = 50;
        List<String> orderIds = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(orders);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < orders; i++) {
                String orderId = "o-" + UUID.randomUUID();
                orderIds.add(orderId);
                answers.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return commands.sendAndWait(new ReserveInventory(orderId, List.of(new StockLine(productId, 1))));
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        Map<Class<?>, Long> outcomes = orderIds.stream()
                .map(orderId -> payloadsOf(ReserveInventory.reservationIdOf(orderId)).get(0).getClass())
                .collect(Collectors.groupingBy(type -> type, Collectors.counting()));
        assertThat(outcomes).containsOnly(
                Map.entry(InventoryReserved.class, 10L),
                Map.entry(InventoryReservationFailed.class, 40L));
        int available = 10;
        for (Object event : payloadsOf("product-" + productId)) {
            if (event instanceof ProductStockReserved reserved) {
                available -= reserved.quantity();
                assertThat(available).isNotNegative();
            }
        }
        assertThat(available).isZero();
    }

    private List<Object> payloadsOf(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream()
                .<Object>map(EventMessage::getPayload)
                .toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
