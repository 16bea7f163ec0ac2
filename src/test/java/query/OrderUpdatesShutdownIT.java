package query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import app.EventshopApplication;
import app.TestHttp;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stopping the application while a client follows an order: the stream is ended first, so the web server's graceful
 * shutdown has no request to wait for, and nothing is taken down underneath a request still running.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderUpdatesShutdownIT {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void stopsWithinSecondsAndQuietlyWhileAnOrderIsFollowed(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(EventshopApplication.class)
                .properties("server.port=0", "eventshop.test.application=shutdown")
                .run();
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        // Without its saga the order stays PENDING, so its stream stays open (for ten minutes by default).
        app.getBean(EventProcessingConfiguration.class).eventProcessor("order-saga")
                .map(EventProcessor::shutdownAsync).orElseThrow().join();
        send(TestHttp.postJson(port, "/api/accounts", "{\"customerId\": \"walker\", \"initialDeposit\": 100}"), 201);
        send(TestHttp.postJson(port, "/api/products", "{\"productId\": \"boots\", \"name\": \"Boots\","
                + " \"price\": 40, \"initialStock\": 2}"), 201);
        String placed = send(TestHttp.postJson(port, "/api/orders", "{\"customerId\": \"walker\","
                + " \"items\": [{\"productId\": \"boots\", \"quantity\": 1}]}"), 202);
        String orderId = new ObjectMapper().readTree(placed).get("orderId").asText();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(
                TestHttp.request(port, "/api/orders/" + orderId + "/updates").header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(line -> line.contains("PENDING")));

        int before = output.length();
        long started = System.nanoTime();
        app.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("time to stop").isLessThan(Duration.ofSeconds(10));
        assertThat(stream.get(5, TimeUnit.SECONDS).statusCode()).as("the follower's stream ended").isEqualTo(200);
        List<String> alarming = output.toString().substring(before).lines()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("\tat "))
                .toList();
        assertThat(alarming).as("what stopping printed").isEmpty();
    }

    private String send(HttpRequest.Builder request, int expectedStatus) throws Exception {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return response.body();
    }
}
