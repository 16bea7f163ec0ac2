package app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import app.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The console's own endpoints over HTTP: what the page relies on, and bad input answered as problems. */
@IntegrationTest
class ConsoleEndpointsIT {

    @Autowired
    TestRestTemplate http;

    @Test
    void theConsoleIsServedAtItsPath() {
        ResponseEntity<String> page = http.getForEntity("/console", String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("<title>eventshop console</title>", "/console/js/main.js");
        assertThat(http.getForEntity("/webjars/uplot/dist/uPlot.esm.js", String.class).getStatusCode())
                .as("the chart library comes from the jar, not a CDN").isEqualTo(HttpStatus.OK);
    }

    @Test
    void aReplayFromATimeIsRememberedUntilItHasFinished() {
        ResponseEntity<Map> started = replay("account-balance", "{\"from\": \"" + Instant.now().minusSeconds(60)
                + "\"}");

        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(started.getBody()).containsKeys("from", "requestedAt", "target");
        Object shown = await().atMost(Duration.ofSeconds(30)).until(() -> processor("account-balance").get("replay"),
                replay -> replay instanceof Map<?, ?> map && map.get("finishedAt") != null);
        Map<?, ?> replay = (Map<?, ?>) shown;
        assertThat(replay.get("from")).isEqualTo(started.getBody().get("from"));
        assertThat(replay.get("progress")).isEqualTo(1.0);
    }

    @Test
    void badReplaysAreProblems() {
        assertProblem(replay("no-such-processor", null), HttpStatus.NOT_FOUND);
        assertProblem(replay("inventory-catalogue", null), HttpStatus.CONFLICT);
        assertProblem(replay("account-balance", "{\"from\": \"yesterday\"}"), HttpStatus.BAD_REQUEST);
        assertProblem(replay("bad name!", null), HttpStatus.BAD_REQUEST);
    }

    @Test
    void anUnknownOrdersStoryIsNotFoundAndAMalformedIdABadRequest() {
        assertProblem(http.getForEntity("/console/api/orders/unknown-order/story", Map.class), HttpStatus.NOT_FOUND);
        assertProblem(http.getForEntity("/console/api/orders/" + "x".repeat(65) + "/story", Map.class),
                HttpStatus.BAD_REQUEST);
    }

    @Test
    void everyStreamingProcessorHasALagAndAHistory() {
        List<Map<String, Object>> processors = processors();

        assertThat(processors).filteredOn(processor -> !"subscribing".equals(processor.get("type")))
                .isNotEmpty()
                .allSatisfy(processor -> assertThat(processor).containsKeys("lag", "segments", "history"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHistoryCountsTheEventsAProcessorHandled() {
        new orders.ShopClient(http).openAccount("console-history-" + Instant.now().toEpochMilli(), "10.00");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                (List<Map<String, Object>>) processor("account-balance").get("history"))
                .anySatisfy(sample -> assertThat(((Number) sample.get("handledPerSecond")).doubleValue())
                        .isPositive()));
    }

    private ResponseEntity<Map> replay(String name, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity("/console/api/processors/" + name + "/replay", new HttpEntity<>(body, headers),
                Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> processors() {
        return (List<Map<String, Object>>) http.getForObject("/console/api/processors", Map.class).get("processors");
    }

    private Map<String, Object> processor(String name) {
        return processors().stream().filter(processor -> processor.get("name").equals(name)).findFirst().orElseThrow();
    }

    private static void assertProblem(ResponseEntity<Map> response, HttpStatus status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).containsEntry("status", status.value());
    }
}
