package app.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import orders.ShopClient;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database share the event processors' segments, their followers of an order get its updates
 * whichever instance projects it, and an instance that stops hands its segments to the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedWorkIT {

    private static final String ORDER_SUMMARY = "order-summary";

    private static TwoInstances cluster;

    @BeforeAll
    static void startTwoInstances() {
        cluster = TwoInstances.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void eachInstanceProjectsItsShareOfTheSegments() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(segmentsOf(cluster.a, ORDER_SUMMARY)).hasSize(1);
            assertThat(segmentsOf(cluster.b, ORDER_SUMMARY)).hasSize(1);
        });
        assertThat(segmentsOf(cluster.a, ORDER_SUMMARY)).doesNotContainAnyElementsOf(segmentsOf(cluster.b, ORDER_SUMMARY));
    }

    @Test
    @Order(2)
    void followersOnEitherInstanceSeeEveryOrderBecomeFinal() {
        assumeTrue(TwoInstances.onPostgres(), "updates cross instances through PostgreSQL's LISTEN/NOTIFY; the"
                + " embedded database serves one instance");
        ShopClient shop = cluster.shopOf(cluster.a);
        String customer = "follower-" + UUID.randomUUID();
        String product = "lamp-" + UUID.randomUUID();
        shop.openAccount(customer, "1000.00");
        shop.addProduct(product, "10.00", 100);
        // several orders, so that each instance follows some that the other one projects
        List<String> orderIds = new ArrayList<>();
        List<CompletableFuture<String>> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String orderId = orderIdOf(shop.placeOrder(null, order(customer, line(product, 1))));
            orderIds.add(orderId);
            streams.add(lastStatusStreamed(cluster.a, orderId));
            streams.add(lastStatusStreamed(cluster.b, orderId));
        }

        for (CompletableFuture<String> stream : streams) {
            assertThat(stream).succeedsWithin(Duration.ofSeconds(60)).isEqualTo("COMPLETED");
        }
        for (String orderId : orderIds) {
            assertThat(waitingRead(cluster.b, orderId).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    @Order(2)
    void aReadAskedToWaitAnswersOnTheInstanceThatDoesNotProjectTheOrder() {
        assumeTrue(TwoInstances.onPostgres(), "waiting reads cross instances through PostgreSQL's LISTEN/NOTIFY");
        ShopClient shop = cluster.shopOf(cluster.a);
        String customer = "waiter-" + UUID.randomUUID();
        String product = "chair-" + UUID.randomUUID();
        shop.openAccount(customer, "1000.00");
        shop.addProduct(product, "10.00", 100);
        for (int i = 0; i < 4; i++) {
            String orderId = orderIdOf(shop.placeOrder(null, order(customer, line(product, 1))));
            CompletableFuture<ResponseEntity<Map>> onA = CompletableFuture.supplyAsync(() -> waitingRead(cluster.a, orderId));
            CompletableFuture<ResponseEntity<Map>> onB = CompletableFuture.supplyAsync(() -> waitingRead(cluster.b, orderId));
            assertThat(onA.join().getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(onB.join().getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    @Order(3)
    void theSegmentsOfAnInstanceThatStopsAreTakenOverWithinSeconds() {
        cluster.b.close();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(segmentsOf(cluster.a, ORDER_SUMMARY)).hasSize(2));
    }

    private static Set<Integer> segmentsOf(ConfigurableApplicationContext instance, String processor) {
        return instance.getBean(EventProcessingConfiguration.class)
                .eventProcessor(processor, StreamingEventProcessor.class)
                .map(streaming -> streaming.processingStatus().keySet())
                .orElseThrow();
    }

    private static ResponseEntity<Map> waitingRead(ConfigurableApplicationContext instance, String orderId) {
        TestRestTemplate http = TwoInstances.http(instance);
        HttpHeaders headers = new HttpHeaders();
        headers.set("Prefer", "wait=10");
        return http.exchange("/api/orders/" + orderId, HttpMethod.GET, new HttpEntity<>(headers), Map.class);
    }

    /** The status of the last order view the updates stream sent before it ended. */
    private static CompletableFuture<String> lastStatusStreamed(ConfigurableApplicationContext instance,
                                                                String orderId) {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        HttpRequest request = TwoInstances.authenticated(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/orders/" + orderId + "/updates")))
                .header("Accept", "text/event-stream")
                .build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> response.body()
                        .filter(line -> line.startsWith("data:"))
                        .map(line -> line.replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1"))
                        .reduce((first, second) -> second)
                        .orElse("nothing"));
    }
}
