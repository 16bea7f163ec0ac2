package app.axon;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.EventshopApplication;
import orders.Ledger;
import orders.ShopClient;
import orders.api.OrderStatus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event store keeps the events it last read in memory for the processors that have caught up
 * ({@code eventshop.event-store.cached-events}). A processor that falls further behind than that reads the store on
 * its own until it has caught up again. With room for four events every processor keeps falling out of it under a
 * burst of orders, and still the saga takes every order to its end and every projection counts each order once.
 * Its context, made for this setting alone, is closed afterwards: kept among the cached ones, its connections would
 * take PostgreSQL's last free slots from the tests that follow.
 */
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "eventshop.event-store.cached-events=4")
@DirtiesContext
class SmallEventCacheIT {

    private static final int ORDERS = 60;

    @Autowired
    private TestRestTemplate http;
    @Autowired
    private EventStore eventStore;

    @Test
    void processorsThatFallOutOfTheCacheMissNothing() throws Exception {
        ShopClient shop = new ShopClient(http);
        Ledger ledger = new Ledger(eventStore);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> customers = List.of("cache-" + run + "-a", "cache-" + run + "-b", "cache-" + run + "-c");
        customers.forEach(customer -> shop.openAccount(customer, "100000.00"));
        String product = "cache-" + run + "-p";
        shop.addProduct(product, "10.00", 1000);

        List<Callable<String>> placements = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String body = order(customers.get(i % customers.size()), line(product, 2));
            placements.add(() -> orderIdOf(shop.placeOrder(null, body)));
        }
        List<String> orderIds = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            for (Future<String> placed : clients.invokeAll(placements)) {
                orderIds.add(placed.get());
            }
        } finally {
            clients.shutdown();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(orderIds).allSatisfy(orderId -> assertThat(readStatus(orderId)).isEqualTo("COMPLETED")));
        assertThat(orderIds).allSatisfy(orderId ->
                assertThat(ledger.status(orderId)).contains(OrderStatus.COMPLETED));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String customer : customers) {
                Map<?, ?> stats = get("/api/customers/" + customer + "/stats");
                assertThat(((Number) stats.get("orderCount")).intValue()).as("orders of " + customer)
                        .isEqualTo(ORDERS / customers.size());
                assertThat(new BigDecimal(stats.get("totalSpent").toString())).as("spent by " + customer)
                        .isEqualByComparingTo(BigDecimal.valueOf(20L * ORDERS / customers.size()));
            }
            assertThat(((Number) get("/api/products/" + product).get("available")).intValue())
                    .isEqualTo(1000 - 2 * ORDERS);
        });
    }

    private String readStatus(String orderId) {
        return (String) get("/api/orders/" + orderId).get("status");
    }

    private Map<?, ?> get(String path) {
        ResponseEntity<Map> response = http.getForEntity(path, Map.class);
        assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }
}
