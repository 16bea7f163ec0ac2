package app.operations;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.IntegrationTest;
import orders.Ledger;
import orders.ShopClient;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** After a few orders, /actuator/prometheus has every operational metric with values that make sense. */
@IntegrationTest
class MetricsIT {

    private static final List<String> PROJECTIONS = List.of("order-summary", "customer-stats", "product-stock",
            "account-balance", "audit-correlation");

    @Autowired
    TestRestTemplate http;
    @Autowired
    EventStore eventStore;

    @Test
    void metricsDescribeTheOrdersJustProcessed() {
        ShopClient shop = new ShopClient(http);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "metrics-" + run;
        String product = "metrics-product-" + run;
        shop.openAccount(customer, "500.00");
        shop.addProduct(product, "10.00", 10);
        List<String> orders = List.of(
                orderIdOf(shop.placeOrder(null, order(customer, line(product, 1)))),
                orderIdOf(shop.placeOrder(null, order(customer, line(product, 2)))),
                orderIdOf(shop.placeOrder(null, order(customer, line(product, 3)))));
        Ledger ledger = new Ledger(eventStore);
        await().atMost(Duration.ofSeconds(60)).until(() -> orders.stream()
                .allMatch(id -> ledger.status(id).map(status -> status.isFinal()).orElse(false)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = scrape();
            for (String processor : PROJECTIONS) {
                assertThat(value(metrics, "eventshop_processor_lag_events", "processor", processor))
                        .as("lag of " + processor + " once caught up").isZero();
            }
        });
        String metrics = scrape();

        assertThat(sum(metrics, "eventStore_allTimer_seconds_count", "payloadType", "OrderCreated"))
                .as("OrderCreated events published").isGreaterThanOrEqualTo(3);
        assertThat(sum(metrics, "eventStore_allTimer_seconds_count", "payloadType", "OrderCompleted"))
                .isGreaterThanOrEqualTo(3);
        for (String processor : PROJECTIONS) {
            assertThat(sum(metrics, "eventProcessor_successCounter_total", "processorName", processor))
                    .as("events handled by " + processor).isPositive();
            assertThat(sum(metrics, "eventProcessor_successTimer_seconds_sum", "processorName", processor))
                    .as("time spent handling by " + processor).isPositive();
            assertThat(sum(metrics, "eventProcessor_failureCounter_total", "processorName", processor))
                    .as("handling errors of " + processor).isGreaterThanOrEqualTo(0);
            assertThat(value(metrics, "eventshop_event_handling_failures_total", "group", processor))
                    .as("failures that ended in a dead letter, " + processor).isZero();
            assertThat(value(metrics, "eventshop_dead_letters_waiting", "group", processor))
                    .as("dead letters of " + processor).isZero();
        }
        assertThat(sum(metrics, "eventProcessor_successCounter_total", "processorName", "order-saga")).isPositive();
        assertThat(value(metrics, "eventshop_processor_lag_events", "processor", "order-saga")).isNotNegative();
        assertThat(value(metrics, "eventshop_sagas_active", "saga", "OrderSaga")).isNotNegative();
    }

    @Test
    void healthShowsTheDatabaseAndEachProcessor() {
        ResponseEntity<Map> health = http.getForEntity("/actuator/health", Map.class);

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> components = (Map<String, Object>) health.getBody().get("components");
        assertThat((Map<String, Object>) components.get("db")).containsEntry("status", "UP");
        Map<String, Object> processors = (Map<String, Object>) components.get("processors");
        assertThat(processors).containsEntry("status", "UP");
        Map<String, Object> details = (Map<String, Object>) processors.get("details");
        assertThat(details).containsKeys("order-summary", "customer-stats", "product-stock", "account-balance",
                "audit-correlation", "order-saga", "inventory-catalogue");
        assertThat((Map<String, Object>) details.get("order-summary")).containsEntry("running", true)
                .containsEntry("error", false);
    }

    private String scrape() {
        ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    /** The one sample of {@code name} whose tag {@code tag} has {@code value}; fails when there is none. */
    private static double value(String metrics, String name, String tag, String value) {
        List<Double> samples = samples(metrics, name, tag, value);
        assertThat(samples).as(name + "{" + tag + "=\"" + value + "\"}").hasSize(1);
        return samples.get(0);
    }

    /** The sum of all samples of {@code name} whose tag {@code tag} has {@code value}; fails when there is none. */
    private static double sum(String metrics, String name, String tag, String value) {
        List<Double> samples = samples(metrics, name, tag, value);
        assertThat(samples).as(name + "{" + tag + "=\"" + value + "\"}").isNotEmpty();
        return samples.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<Double> samples(String metrics, String name, String tag, String value) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(metrics);
        List<Double> values = new java.util.ArrayList<>();
        while (matcher.find()) {
            if (matcher.group(1).contains(tag + "=\"" + value + "\"")) {
                values.add(Double.parseDouble(matcher.group(2)));
            }
        }
        return values;
    }
}
