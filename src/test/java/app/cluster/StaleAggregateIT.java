package app.cluster;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;

import orders.Ledger;
import orders.ShopClient;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database, each with its own aggregate cache: whatever one instance wrote, a command on the
 * other decides on the account as the store holds it.
 */
class StaleAggregateIT {

    private static TwoInstances cluster;
    private static ShopClient a;
    private static ShopClient b;
    private static Ledger ledger;

    @BeforeAll
    static void startTwoInstances() {
        cluster = TwoInstances.start();
        a = cluster.shopOf(cluster.a);
        b = cluster.shopOf(cluster.b);
        ledger = new Ledger(cluster.a.getBean(EventStore.class));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aDepositOnOneInstanceAfterADepositOnTheOtherIsStored() {
        String customer = "s-" + UUID.randomUUID();
        a.openAccount(customer, "1000.00");
        assertThat(deposit(b, customer, "1.00").getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<Map> second = deposit(a, customer, "2.00");

        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ledger.balance(customer)).isEqualByComparingTo("1003.00");
    }

    @Test
    void aWithdrawalSeesTheDepositMadeOnTheOtherInstance() {
        String customer = "s-" + UUID.randomUUID();
        a.openAccount(customer, "1000.00");
        assertThat(deposit(a, customer, "1.00").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(deposit(b, customer, "5000.00").getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<Map> withdrawal = a.post("/api/accounts/" + customer + "/withdrawals",
                "{\"amount\": 3000.00}", null);

        assertThat(withdrawal.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ledger.balance(customer)).isEqualByComparingTo(new BigDecimal("3001.00"));
    }

    @Test
    void concurrentDepositsThroughBothInstancesAreAllStoredOrRefused() {
        String customer = "s-" + UUID.randomUUID();
        a.openAccount(customer, "0.00");
        List<CompletableFuture<ResponseEntity<Map>>> deposits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ShopClient instance = i % 2 == 0 ? a : b;
            deposits.add(CompletableFuture.supplyAsync(() -> deposit(instance, customer, "1.00")));
        }

        BigDecimal accepted = BigDecimal.ZERO;
        for (CompletableFuture<ResponseEntity<Map>> deposit : deposits) {
            HttpStatusCode status = deposit.join().getStatusCode();
            assertThat(status).isIn(HttpStatus.OK, HttpStatus.CONFLICT);
            if (status == HttpStatus.OK) {
                accepted = accepted.add(BigDecimal.ONE);
            }
        }
        assertThat(accepted).as("deposits get through the retries").isPositive();
        assertThat(ledger.balance(customer)).isEqualByComparingTo(accepted);
    }

    private static ResponseEntity<Map> deposit(ShopClient instance, String customer, String amount) {
        return instance.post("/api/accounts/" + customer + "/deposits", "{\"amount\": " + amount + "}", null);
    }
}
