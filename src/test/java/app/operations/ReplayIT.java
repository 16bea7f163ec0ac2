package app.operations;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
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
import orders.Ledger;
import orders.ShopClient;
import org.axonframework.eventsourcing.eventstore.EventStore;
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

    private static final List<String> PROJECTIONS = List.of("order-summary", "customer-stats", "product-stock",
            "account-balance");

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;
    @Autowired
    ObjectMapper json;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aFullReplayRebuildsEachProjectionRowForRow() {
        ShopClient shop = new ShopClient(http);
        String rich = "replay-rich-" + run;
        String poor = "replay-poor-" + run;
        String product = "replay-product-" + run;
        shop.openAccount(rich, "1000.00");
        shop.openAccount(poor, "5.00");
        shop.addProduct(product, "12.50", 3);
        List<String> orders = List.of(
                orderIdOf(shop.placeOrder(null, order(rich, line(product, 2)))),
                orderIdOf(shop.placeOrder(null, order(poor, line(product, 1)))),
                orderIdOf(shop.placeOrder(null, order(rich, line(product, 2)))));
        Ledger ledger = new Ledger(eventStore);
        await().atMost(Duration.ofSeconds(60)).until(() -> orders.stream()
                .allMatch(id -> ledger.status(id).map(status -> status.isFinal()).orElse(false)));
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(PROJECTIONS, new StoredEvents(jdbc).head()));
        Map<String, List<Map<String, Object>>> live = rows(List.of(rich, poor), product, orders);
        assertThat(live.get("order_summary")).hasSize(3);
        jdbc.update("update account_balance set balance = balance + 1000 where customer_id = ?", rich);
        jdbc.update("delete from order_summary where order_id = ?", orders.get(0));

        long head = new StoredEvents(jdbc).head();
        for (String projection : PROJECTIONS) {
            ResponseEntity<Map> replay = http.postForEntity("/api/admin/processors/" + projection + "/replay", null,
                    Map.class);
            assertThat(replay.getStatusCode()).as(projection).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(replay.getBody()).containsEntry("name", projection).containsEntry("running", true);
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> caughtUp(PROJECTIONS, head));
        assertThat(rows(List.of(rich, poor), product, orders)).isEqualTo(live);
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

    private Map<String, List<Map<String, Object>>> rows(List<String> customers, String product, List<String> orders) {
        String customerList = "'" + String.join("', '", customers) + "'";
        String orderList = "'" + String.join("', '", orders) + "'";
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("order_summary", jdbc.queryForList("select * from order_summary where order_id in (" + orderList
                + ") order by order_id"));
        rows.put("customer_stats_order", jdbc.queryForList("select * from customer_stats_order where customer_id in ("
                + customerList + ") order by order_id"));
        rows.put("customer_stats_payment", jdbc.queryForList("select * from customer_stats_payment"
                + " where customer_id in (" + customerList + ") order by payment_id"));
        rows.put("account_balance", jdbc.queryForList("select * from account_balance where customer_id in ("
                + customerList + ") order by customer_id"));
        rows.put("product_stock", jdbc.queryForList("select * from product_stock where product_id = ?", product));
        return rows;
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
