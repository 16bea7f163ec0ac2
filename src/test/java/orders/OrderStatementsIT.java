package orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import app.EventshopApplication;
import app.StatementCounts;
import orders.api.OrderStatus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a completed order costs the database, counted statement by statement (never timed). Each order has two
 * deadlines (payment, then inventory), each scheduled once and cancelled once, and three events for its saga
 * (OrderCreated, PaymentProcessed, InventoryReserved), each looked up by its association, with one look-up for all
 * the events of a saga batch; the look-up brings the sagas with it. A saga batch writes all its deadlines with one
 * insert and one delete, and never writes a deadline it both scheduled and cancelled.
 */
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderStatementsIT {

    private static final Logger log = LoggerFactory.getLogger(OrderStatementsIT.class);
    private static final int ORDERS = 4;
    private static final int DEADLINES_PER_ORDER = 2;
    private static final int SAGA_EVENTS_PER_ORDER = 3;
    private static final int READS = 100;

    @Autowired
    private TestRestTemplate http;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private DataSource dataSource;

    @Test
    void writesDeadlinesWithoutLookingThemUpAndLoadsEachSagaWithItsLookUp() {
        assumeTrue(StatementCounts.available(dataSource), "pg_stat_statements is not installed in this database");
        ShopClient shop = new ShopClient(http);
        Ledger ledger = new Ledger(eventStore);
        String customer = "customer-" + UUID.randomUUID();
        String product = "product-" + UUID.randomUUID();
        shop.openAccount(customer, "1000.00");
        shop.addProduct(product, "10.00", 100);
        StatementCounts before = StatementCounts.of(dataSource);

        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orderIds.add(orderIdOf(shop.placeOrder(null, order(customer, line(product, 1)))));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orderIds)
                .allSatisfy(orderId -> assertThat(ledger.status(orderId)).hasValue(OrderStatus.COMPLETED)));
        StatementCounts spent = StatementCounts.of(dataSource).since(before);

        spent.calls().entrySet().stream()
                .sorted(Comparator.comparing(entry -> -entry.getValue()))
                .forEach(entry -> log.info("{} per order: {}", (double) entry.getValue() / ORDERS, entry.getKey()));
        assertThat(spent.startingWith("select * from scheduled_tasks where task_name = ? and task_instance = ?"))
                .as("look-ups of a deadline before it is scheduled or cancelled").isZero();
        assertThat(spent.startingWith("insert into scheduled_tasks"))
                .as("inserts of deadlines: at most one per deadline")
                .isBetween(1L, (long) ORDERS * DEADLINES_PER_ORDER);
        assertThat(spent.startingWith("delete from scheduled_tasks"))
                .as("deletes of deadlines: at most one per deadline")
                .isBetween(1L, (long) ORDERS * DEADLINES_PER_ORDER);
        assertThat(spent.selectsFrom("association_value_entry"))
                .as("look-ups: at most one for each saga event, one for all the events of a saga batch")
                .isBetween(1L, (long) ORDERS * SAGA_EVENTS_PER_ORDER);
        assertThat(spent.selectsFrom("saga_entry"))
                .as("saga loads on their own: none, every load comes with a look-up").isZero();
    }

    /** A read is its one select: Axon's query bus no longer wraps each query in a transaction (BEGIN ... COMMIT). */
    @Test
    void readingAnOrderTakesOneStatementAndNoTransaction() {
        assumeTrue(StatementCounts.available(dataSource), "pg_stat_statements is not installed in this database");
        ShopClient shop = new ShopClient(http);
        String customer = "customer-" + UUID.randomUUID();
        String product = "product-" + UUID.randomUUID();
        shop.openAccount(customer, "1000.00");
        shop.addProduct(product, "10.00", 100);
        String orderId = orderIdOf(shop.placeOrder(null, order(customer, line(product, 1))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(status(orderId)));
        StatementCounts before = StatementCounts.of(dataSource);

        for (int i = 0; i < READS; i++) {
            assertThat(status(orderId)).isEqualTo("COMPLETED");
        }
        StatementCounts spent = StatementCounts.of(dataSource).since(before);

        assertThat(spent.selectsFrom("order_summary")).as("order views read").isEqualTo(READS);
        assertThat(spent.startingWith("begin"))
                .as("transactions begun meanwhile: only the background's own (polls, claims, the projections' last"
                        + " batches), none per read")
                .isLessThan(READS);
    }

    private String status(String orderId) {
        ResponseEntity<Map> read = http.getForEntity("/api/orders/" + orderId, Map.class);
        return read.getStatusCode().is2xxSuccessful() ? (String) read.getBody().get("status") : null;
    }
}
