package app.cluster;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import orders.Ledger;
import orders.ShopClient;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
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

    private static ResponseEntity<Map> deposit(ShopClient instance, String customer, String amount) {
        return instance.post("/api/accounts/" + customer + "/deposits", "{\"amount\": " + amount + "}", null);
    }
}
