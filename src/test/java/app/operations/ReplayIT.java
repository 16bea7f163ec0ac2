package app.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.IntegrationTest;
import app.StoredEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import orders.ShopClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import query.api.PartialReplay;

/** Replays through the admin endpoint: from the start a projection is rebuilt row for row; from a point in time
 * only the events stored since are handled again. */
@IntegrationTest
class ReplayIT {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /**
     * Built from accounts and products only: on PostgreSQL other test applications may be alive on the same database
     * and run the order saga a second time, which would change order rows while this test compares them.
     */
    @Test
    void aFullReplayRebuildsEachProjectionRowForRow() {
        ShopClient shop = new ShopClient(http);
        String customer = "replay-customer-" + run;
        String other = "replay-other-" + run;
        String product = "replay-product-" + run;
        shop.openAccount(customer, "1000.00");
        shop.openAccount(other, "5.00");
        deposit(customer, "20.50");
        assertThat(post("/api/accounts/" + customer + "/withdrawals", "{\"amount\": 300}").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        shop.addProduct(product, "12.50", 3);
        assertThat(post("/api/products/" + product + "/restock", "{\"quantity\": 4}").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        List<String> groups = List.of("account-balance", "product-stock", "audit-correlation");
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(groups, new StoredEvents(jdbc).head()));
        Map<String, List<Map<String, Object>>> live = rows(List.of(customer, other), product);
        assertThat(live.get("account_balance")).hasSize(2);
        assertThat(live.get("audit_correlation")).hasSize(8);
        jdbc.update("update account_balance set balance = balance + 1000 where customer_id = ?", customer);
        jdbc.update("delete from product_stock where product_id = ?", product);

        long head = new StoredEvents(jdbc).head();
        for (String group : groups) {
            ResponseEntity<Map> replay = http.postForEntity("/api/admin/processors/" + group + "/replay", null,
                    Map.class);
            assertThat(replay.getStatusCode()).as(group).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(replay.getBody()).containsEntry("name", group).containsEntry("running", true);
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> caughtUp(groups, head));
        assertThat(rows(List.of(customer, other), product)).isEqualTo(live);
    }

    @Test
    void aReplayFromAPointInTimeHandlesOnlyTheEventsStoredSince() {
        ShopClient shop = new ShopClient(http);
        String customer = "replay-since-" + run;
        shop.openAccount(customer, "10.00");
        deposit(customer, "20.00");
        deposit(customer, "30.00");
        List<Map<String, Object>> deposits = jdbc.queryForList("select event_identifier, time_stamp"
                + " from domain_event_entry where aggregate_identifier = ? and payload_type = ?"
                + " order by sequence_number", "account-" + customer, "payments.api.MoneyDeposited");
        assertThat(deposits).hasSize(3);
        List<String> ids = deposits.stream().map(row -> (String) row.get("event_identifier")).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> ReplayProbe.timesHandled(id) == 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(List.of("account-balance"),
                new StoredEvents(jdbc).head()));
        List<Map<String, Object>> balanceBefore = jdbc.queryForList("select * from account_balance where customer_id = ?",
                customer);
        Instant from = Instant.parse((String) deposits.get(1).get("time_stamp"));

        for (String processor : List.of(ReplayProbe.GROUP, "account-balance")) {
            assertThat(replay(processor, "{\"from\": \"" + from + "\"}").getStatusCode()).as(processor)
                    .isEqualTo(HttpStatus.ACCEPTED);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> ReplayProbe.timesHandled(ids.get(1)) == 2
                && ReplayProbe.timesHandled(ids.get(2)) == 2);
        assertThat(ReplayProbe.timesHandled(ids.get(0))).as("stored before the point in time").isEqualTo(1);
        assertThat(ReplayProbe.resetContexts()).contains(new PartialReplay(from));
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(List.of("account-balance"),
                new StoredEvents(jdbc).head()));
        assertThat(jdbc.queryForList("select * from account_balance where customer_id = ?", customer))
                .as("nothing counted twice").isEqualTo(balanceBefore);
    }

    @Test
    void theDocumentedReplayRebuildsFromTheStartAndThenSaysItIsDone() throws Exception {
        String product = "replay-documented-" + run;
        new ShopClient(http).addProduct(product, "3.00", 7);
        await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(List.of("product-stock"),
                new StoredEvents(jdbc).head()));
        jdbc.update("delete from product_stock where product_id = ?", product);
        JsonNode example = get("/v3/api-docs").get("paths").get("/api/admin/processors/{name}/replay").get("post")
                .get("requestBody").get("content").get("application/json").get("examples").elements().next()
                .get("value");

        assertThat(replay("product-stock", json.writeValueAsString(example)).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                "select available from product_stock where product_id = ?", Integer.class, product).equals(List.of(7)));
        // No event need arrive after the replay for its status to say it is over.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = get("/api/admin/processors/product-stock");
            assertThat(status.get("replaying").asBoolean()).isFalse();
            assertThat(status.has("replayUntil")).isFalse();
            status.get("segments").forEach(segment -> assertThat(segment.get("replaying").asBoolean()).isFalse());
        });
    }

    @Test
    void processorsAreListedAndOnlyStreamingOnesCanBeReplayed() {
        JsonNode processors = get("/api/admin/processors");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        processors.forEach(processor -> byName.put(processor.get("name").asText(), processor));
        assertThat(byName).containsKeys("order-summary", "customer-stats", "product-stock", "account-balance",
                "audit-correlation", "order-saga", "inventory-catalogue");
        JsonNode summary = byName.get("order-summary");
        assertThat(summary.get("type").asText()).isEqualTo("tracking");
        assertThat(summary.get("running").asBoolean()).isTrue();
        assertThat(summary.get("error").asBoolean()).isFalse();
        assertThat(summary.get("segments").size()).isPositive();
        assertThat(summary.has("position")).isTrue();
        assertThat(byName.get("inventory-catalogue").get("type").asText()).isEqualTo("subscribing");

        ResponseEntity<Map> subscribing = replay("inventory-catalogue", null);
        assertThat(subscribing.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(subscribing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ResponseEntity<Map> unknown = replay("no-such-processor", null);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(replay("order-summary", "{\"from\": \"yesterday\"}").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void adminEndpointsAreDocumented() {
        JsonNode paths = get("/v3/api-docs").get("paths");

        JsonNode replay = paths.get("/api/admin/processors/{name}/replay").get("post");
        assertThat(replay.get("summary").asText()).isNotBlank();
        assertThat(replay.get("responses").fieldNames()).toIterable().contains("202", "404", "409");
        assertThat(paths.get("/api/admin/processors").get("get").get("summary").asText()).isNotBlank();
        assertThat(paths.get("/api/admin/dead-letters").get("get").get("summary").asText()).isNotBlank();
        assertThat(paths.get("/api/admin/dead-letters/{group}/retry").get("post").get("responses").fieldNames())
                .toIterable().contains("200", "404");
        assertThat(paths.get("/api/admin/dead-letters/{group}/{sequenceId}").get("delete").get("responses")
                .fieldNames()).toIterable().contains("204", "404");
    }

    /** Every segment has handled everything up to {@code head} and no segment is in error. */
    private boolean caughtUp(List<String> names, long head) {
        for (String name : names) {
            JsonNode processor = get("/api/admin/processors/" + name);
            if (!processor.get("running").asBoolean() || processor.get("error").asBoolean()
                    || processor.get("segments").isEmpty()) {
                return false;
            }
            for (JsonNode segment : processor.get("segments")) {
                if (!segment.get("caughtUp").asBoolean() || !segment.has("position")
                        || segment.get("position").asLong() < head) {
                    return false;
                }
            }
        }
        return true;
    }

    private Map<String, List<Map<String, Object>>> rows(List<String> customers, String product) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("account_balance", jdbc.queryForList("select * from account_balance where customer_id in (?, ?)"
                + " order by customer_id", customers.toArray()));
        rows.put("product_stock", jdbc.queryForList("select * from product_stock where product_id = ?", product));
        rows.put("audit_correlation", jdbc.queryForList("select * from audit_correlation"
                + " where aggregate_id in (?, ?, ?) order by global_position", "account-" + customers.get(0),
                "account-" + customers.get(1), "product-" + product));
        return rows;
    }

    private ResponseEntity<Map> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), Map.class);
    }

    private ResponseEntity<Map> replay(String processor, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity("/api/admin/processors/" + processor + "/replay", new HttpEntity<>(body, headers),
                Map.class);
    }

    private void deposit(String customerId, String amount) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.postForEntity("/api/accounts/" + customerId + "/deposits",
                new HttpEntity<>("{\"amount\": " + amount + "}", headers), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    private JsonNode get(String path) {
        try {
            return json.readTree(http.getForEntity(path, String.class).getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
