package app.operations;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import app.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import orders.Ledger;
import orders.ShopClient;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.yaml.snakeyaml.Yaml;

/**
 * After a few orders, /actuator/prometheus has every operational metric under its Prometheus name with values that
 * make sense, and the dashboard and the alert rules in monitoring/ read only metrics it exports. The scrape is
 * written to target/metrics/scrape.prom, where monitoring/check runs promtool on it.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    static final Path SCRAPE_FILE = Path.of("target", "metrics", "scrape.prom");
    private static final List<String> PROJECTIONS = List.of("order-summary", "customer-stats", "product-stock",
            "account-balance", "audit-correlation");
    /** Made by Prometheus itself for each target, never exported. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    @Autowired
    TestRestTemplate http;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;

    private Scrape scrape;

    @BeforeAll
    void placeOrdersAndScrape() throws IOException {
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
        assertThat(http.getForEntity("/api/orders/no-such-order", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        Ledger ledger = new Ledger(eventStore);
        await().atMost(Duration.ofSeconds(60)).until(() -> orders.stream()
                .allMatch(id -> ledger.status(id).map(status -> status.isFinal()).orElse(false)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Scrape now = scrape();
            for (String processor : PROJECTIONS) {
                assertThat(now.values("eventshop_processor_lag_events", "processor", processor))
                        .as("lag of " + processor + " once caught up").containsExactly(0.0);
            }
        });
        scrape = scrape();
        Files.createDirectories(SCRAPE_FILE.getParent());
        Files.writeString(SCRAPE_FILE, scrape.text());
    }

    @Test
    void metricsDescribeTheOrdersJustProcessed() {
        assertThat(sum("axon_events_appended_total", "payload_type", "OrderCreated")).isGreaterThanOrEqualTo(3);
        assertThat(sum("axon_events_appended_total", "payload_type", "OrderCompleted")).isGreaterThanOrEqualTo(3);
        assertThat(sum("axon_commands_handled_total", "payload_type", "CreateOrder")).isGreaterThanOrEqualTo(3);
        assertThat(scrape.values("eventshop_orders_completed_total")).singleElement()
                .satisfies(completed -> assertThat(completed).isGreaterThanOrEqualTo(3));
        for (String processor : PROJECTIONS) {
            assertThat(sum("axon_processor_events_handled_total", "processor", processor))
                    .as("events handled by " + processor).isPositive();
            assertThat(sum("axon_processor_event_handling_seconds_count", "processor", processor))
                    .as("handlings timed, " + processor).isPositive();
            assertThat(sum("axon_processor_event_handling_seconds_sum", "processor", processor))
                    .as("time spent handling by " + processor).isPositive();
            assertThat(scrape.values("axon_processor_events_failed_total", "processor", processor))
                    .as("handling errors of " + processor).hasSize(1);
            assertThat(scrape.values("eventshop_event_handling_failures_total", "group", processor))
                    .as("failures that ended in a dead letter, " + processor).containsExactly(0.0);
            assertThat(scrape.values("eventshop_dead_letters_waiting", "group", processor))
                    .as("dead letters of " + processor).containsExactly(0.0);
            assertThat(scrape.values("eventshop_processor_lag_seconds", "processor", processor))
                    .as("seconds behind, " + processor).containsExactly(0.0);
            assertThat(scrape.values("eventshop_processor_running", "processor", processor)).containsExactly(1.0);
            assertThat(scrape.values("eventshop_processor_in_error", "processor", processor)).containsExactly(0.0);
        }
        assertThat(sum("axon_processor_events_handled_total", "processor", "order-saga")).isPositive();
        assertThat(scrape.values("eventshop_processor_lag_events", "processor", "order-saga")).singleElement()
                .satisfies(lag -> assertThat(lag).isNotNegative());
        assertThat(scrape.values("eventshop_sagas_active", "saga", "OrderSaga")).singleElement()
                .satisfies(active -> assertThat(active).isNotNegative());
        assertThat(scrape.values("eventshop_ready")).containsExactly(1.0);
        assertThat(sum("http_server_requests_seconds_count", "status", "404")).isPositive();
        assertThat(scrape.names()).contains("hikaricp_connections_active", "hikaricp_connections_pending");
    }

    /**
     * Series stay bounded: Axon's meters are labelled by processor or by message type only (a fixed set each), and
     * timers have buckets, not client-side quantiles.
     */
    @Test
    void axonMetricsCarryOnlyBoundedLabels() {
        Map<String, Set<String>> labelsByMetric = new TreeMap<>();
        for (Scrape.Sample sample : scrape.samples()) {
            if (sample.name().startsWith("axon")) {
                labelsByMetric.computeIfAbsent(sample.name(), name -> new TreeSet<>()).addAll(sample.labels().keySet());
            }
        }
        assertThat(labelsByMetric).isNotEmpty();
        labelsByMetric.forEach((metric, labels) -> {
            Set<String> allowed = metric.startsWith("axon_processor_") ? Set.of("processor", "le")
                    : Set.of("payload_type", "le");
            assertThat(allowed).as(metric + " labels").containsAll(labels);
        });
    }

    @Test
    void dashboardQueriesReadExportedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("monitoring/grafana/dashboards/eventshop.json")
                .toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> {
            if (panel.has("targets")) {
                panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText()));
            }
        });
        assertThat(dashboard.get("uid").asText()).isEqualTo("eventshop");
        assertThat(expressions).hasSizeGreaterThan(20);
        assertReadOnlyExportedMetrics(expressions);
    }

    @Test
    void alertRulesReadExportedMetrics() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("monitoring/prometheus/alerts.yml")));
        List<String> expressions = new ArrayList<>();
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                expressions.add(String.valueOf(((Map<?, ?>) rule).get("expr")));
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
        assertReadOnlyExportedMetrics(expressions);
    }

    @Test
    void aStoppedProcessorShowsAsNotRunningUntilItRunsAgain() {
        EventProcessor processor = processing.eventProcessor("customer-stats").orElseThrow();
        processor.shutDown();
        try {
            Scrape stopped = scrape();
            assertThat(stopped.values("eventshop_processor_running", "processor", "customer-stats"))
                    .containsExactly(0.0);
            assertThat(stopped.values("eventshop_processor_lag_events", "processor", "customer-stats"))
                    .as("no segment claimed here: no lag to tell").singleElement()
                    .satisfies(lag -> assertThat(lag).isNaN());
        } finally {
            processor.start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                scrape().values("eventshop_processor_running", "processor", "customer-stats")).containsExactly(1.0));
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
                "audit-correlation", "order-saga", "inventory-catalogue", "order-outcomes");
        assertThat((Map<String, Object>) details.get("order-summary")).containsEntry("running", true)
                .containsEntry("error", false);
    }

    private void assertReadOnlyExportedMetrics(List<String> expressions) {
        Set<String> exported = scrape.names();
        for (String expression : expressions) {
            Set<String> names = PromQl.metricNames(expression);
            assertThat(names).as("metrics read by " + expression).isNotEmpty();
            names.stream().filter(name -> !MADE_BY_PROMETHEUS.contains(name))
                    .forEach(name -> assertThat(exported).as("exported, read by " + expression).contains(name));
        }
    }

    private Scrape scrape() {
        ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return new Scrape(response.getBody());
    }

    /** The sum of all samples of {@code name} whose label has {@code value}; fails when there is none. */
    private double sum(String name, String label, String value) {
        List<Double> samples = scrape.values(name, label, value);
        assertThat(samples).as(name + "{" + label + "=\"" + value + "\"}").isNotEmpty();
        return samples.stream().mapToDouble(Double::doubleValue).sum();
    }
}
