package orders;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.EventshopApplication;
import app.PrivateTestSchema;
import app.TestUsers;
import orders.api.OrderStatus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines live in the database: the application is stopped while an order waits on its inventory deadline, a new
 * one is started on the same database, and the deadline fires there.
 */
class OrderRestartIT {

    private static final String INVENTORY_TIMEOUT = "8s";

    @Test
    void anInventoryDeadlineScheduledBeforeAStopFiresAfterTheRestart() throws SQLException {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--eventshop.saga.inventory-timeout=" + INVENTORY_TIMEOUT));
        // a test database (or PostgreSQL schema) is private to one application; both runs must see the same one
        if (String.valueOf(System.getProperty("spring.profiles.active")).contains("postgres")) {
            args.add("--" + PrivateTestSchema.SCHEMA + "=restart_" + UUID.randomUUID().toString().replace("-", ""));
        } else {
            args.add("--spring.datasource.url=jdbc:h2:mem:restart-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        }
        String customer = "customer-" + UUID.randomUUID();
        String keyboard = "keyboard-" + UUID.randomUUID();
        StalledInventory.stallReservationsOf(keyboard);
        String orderId;
        String url;
        String user;
        String password;

        try (ConfigurableApplicationContext first = start(args)) {
            ShopClient shop = shopOf(first);
            Ledger ledger = new Ledger(first.getBean(EventStore.class));
            shop.openAccount(customer, "1000.00");
            shop.addProduct(keyboard, "100.00", 10);
            orderId = orderIdOf(shop.placeOrder(null, order(customer, line(keyboard, 2))));
            // confirmed and the inventory deadline stored in one transaction; inventory will never answer
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ledger.status(orderId)).hasValue(OrderStatus.CONFIRMED));
            Environment environment = first.getEnvironment();
            url = environment.getProperty("spring.datasource.url");
            user = environment.getProperty("spring.datasource.username");
            password = environment.getProperty("spring.datasource.password");
        }
        assertThat(storedEventsOfType(url, user, password, orderId, "orders.api.OrderCancelled"))
                .as("the deadline must not have fired before the stop").isZero();

        try (ConfigurableApplicationContext second = start(args)) {
            Ledger ledger = new Ledger(second.getBean(EventStore.class));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(ledger.status(orderId)).hasValue(OrderStatus.CANCELLED));
            assertThat(ledger.cancelReason(orderId)).hasValue("Inventory timed out");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ledger.balance(customer)).isEqualByComparingTo("1000.00"));
            assertThat(ledger.available(keyboard)).isEqualTo(10);
        }
    }

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(EventshopApplication.class, StalledInventory.class)
                .run(args.toArray(String[]::new));
    }

    private static ShopClient shopOf(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new ShopClient(new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port)
                .basicAuthentication(TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD)));
    }

    private static int storedEventsOfType(String url, String user, String password, String aggregateId,
                                          String payloadType) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement query = connection.prepareStatement("select count(*) from domain_event_entry "
                     + "where aggregate_identifier = ? and payload_type = ?")) {
            query.setString(1, aggregateId);
            query.setString(2, payloadType);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
