package app.axon;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import app.EventshopApplication;
import app.StatementCounts;
import inventory.api.AddProduct;
import inventory.api.ProductRestocked;
import orders.Ledger;
import orders.ShopClient;
import orders.api.OrderStatus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import payments.api.MoneyDeposited;
import payments.api.OpenAccount;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The aggregate cache of an instance that uses its entries without asking the store first (as it does while it is
 * alone): events appended behind the cache's back, as another instance appends them, never let a stale entry decide
 * a command, whether the command appends (the store's unique key refuses it), is refused, or finds nothing to do.
 */
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "eventshop.aggregate-cache.check-before-use=never")
class CachedAggregatesIT {

    @Autowired
    private TestRestTemplate http;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private TransactionManager transactions;
    @Autowired
    private DataSource dataSource;
    @Autowired
    @Qualifier("aggregateCache")
    private Cache aggregateCache;

    @Test
    void aWithdrawalRefusedOnTheCachedBalanceIsTriedAgainOnTheStoredOne() {
        ShopClient shop = new ShopClient(http);
        String customer = accountWithADepositMadeElsewhere(shop);

        ResponseEntity<Map> withdrawal = shop.post("/api/accounts/" + customer + "/withdrawals",
                "{\"amount\": 500.00}", null);

        assertThat(withdrawal.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(new Ledger(eventStore).balance(customer)).isEqualByComparingTo("600.00");
    }

    @Test
    void aDepositOnAStaleEntryIsStoredAfterTheEventsItMissed() {
        ShopClient shop = new ShopClient(http);
        String customer = accountWithADepositMadeElsewhere(shop);

        ResponseEntity<Map> deposit = shop.post("/api/accounts/" + customer + "/deposits", "{\"amount\": 5.00}",
                null);

        assertThat(deposit.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(new Ledger(eventStore).balance(customer)).isEqualByComparingTo("1105.00");
    }

    /**
     * A shortage appends nothing to the product: only the reservation's failure is stored. Decided on the cached
     * stock (none left), it would cancel the order; the saga's batch fails instead and is handled again.
     */
    @Test
    void anOrderIsNotRefusedStockOnACachedProductThatWasRestockedElsewhere() {
        ShopClient shop = new ShopClient(http);
        Ledger ledger = new Ledger(eventStore);
        String customer = "cached-" + UUID.randomUUID();
        String product = "cached-" + UUID.randomUUID();
        shop.openAccount(customer, "1000.00");
        shop.addProduct(product, "10.00", 1);
        String first = orderIdOf(shop.placeOrder(null, order(customer, line(product, 1))));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.status(first)
                .filter(status -> status == OrderStatus.COMPLETED).isPresent());
        appendedElsewhere("Product", AddProduct.streamIdOf(product), new ProductRestocked(product, 5));

        String second = orderIdOf(shop.placeOrder(null, order(customer, line(product, 3))));

        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.status(second)
                .filter(OrderStatus::isFinal).isPresent());
        assertThat(ledger.status(second)).hasValue(OrderStatus.COMPLETED);
        assertThat(ledger.available(product)).isEqualTo(2);
    }

    @Test
    void aCommandThatAppendsToACachedAggregateAsksTheStoreNothing() {
        assumeTrue(StatementCounts.available(dataSource), "pg_stat_statements is not installed in this database");
        ShopClient shop = new ShopClient(http);
        String customer = "cached-" + UUID.randomUUID();
        shop.openAccount(customer, "100.00");
        StatementCounts before = StatementCounts.of(dataSource);

        for (int i = 0; i < 5; i++) {
            assertThat(shop.post("/api/accounts/" + customer + "/deposits", "{\"amount\": 1.00}", null)
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
        }

        StatementCounts spent = StatementCounts.of(dataSource).since(before);
        assertThat(spent.startingWith("select max(sequence_number) from domain_event_entry"))
                .as("checks of the cached account against the store").isZero();
        assertThat(new Ledger(eventStore).balance(customer)).isEqualByComparingTo("105.00");
    }

    /**
     * A saga's command that fails leaves the saga to act on the failure, in the same batch: the batch fails if the
     * command had used a stale entry, and commits if the entry was current, even when a later command of the batch
     * appends to the same aggregate.
     */
    @Test
    void aFailedCommandOfABatchFailsTheBatchOnlyIfItUsedAStaleEntry() {
        ShopClient shop = new ShopClient(http);
        String stale = accountWithADepositMadeElsewhere(shop);
        String current = "cached-" + UUID.randomUUID();
        shop.openAccount(current, "100.00");

        assertThatThrownBy(() -> batchWithAFailedCommandOn(OpenAccount.accountIdOf(stale), null))
                .isInstanceOf(StoreCheckedAggregateCache.StaleAggregate.class);
        String currentStream = OpenAccount.accountIdOf(current);
        long next = eventStore.lastSequenceNumberFor(currentStream).orElseThrow() + 1;
        batchWithAFailedCommandOn(currentStream, new GenericDomainEventMessage<>("Account", currentStream, next,
                new MoneyDeposited(current, new BigDecimal("7.00"), "THB")));

        assertThat(new Ledger(eventStore).balance(current)).isEqualByComparingTo("107.00");
    }

    /** A root unit of work (a saga batch) whose nested one (a command) uses the cached aggregate and rolls back. */
    private void batchWithAFailedCommandOn(String aggregateId, GenericDomainEventMessage<?> appendedAfter) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactions);
        try {
            UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);
            assertThat((Object) aggregateCache.get(aggregateId)).as("the cached entry").isNotNull();
            command.rollback(new IllegalStateException("refused"));
            if (appendedAfter != null) {
                eventStore.publish(appendedAfter);
            }
        } catch (RuntimeException failed) {
            batch.rollback(failed);
            throw failed;
        }
        batch.commit();
    }

    /** An account opened with 100.00 here (and so cached), then given 1000.00 by another instance. */
    private String accountWithADepositMadeElsewhere(ShopClient shop) {
        String customer = "cached-" + UUID.randomUUID();
        shop.openAccount(customer, "100.00");
        appendedElsewhere("Account", OpenAccount.accountIdOf(customer),
                new MoneyDeposited(customer, new BigDecimal("1000.00"), "THB"));
        return customer;
    }

    /** What another instance does: appends to the aggregate's stream, which this instance's cache does not see. */
    private void appendedElsewhere(String type, String aggregateId, Object payload) {
        long next = eventStore.lastSequenceNumberFor(aggregateId).orElseThrow() + 1;
        transactions.executeInTransaction(() -> eventStore.publish(
                new GenericDomainEventMessage<>(type, aggregateId, next, payload)));
    }
}
