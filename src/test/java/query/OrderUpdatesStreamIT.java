package query;

import java.math.BigDecimal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import app.TestHttp;
import app.TestUsers;
import com.fasterxml.jackson.databind.JsonNode;
import orders.api.OrderCancelled;
import orders.api.OrderCompleted;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.PaymentConfirmed;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import query.api.FindOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OrderUpdatesStreamIT extends AbstractReadSideIT {

    @LocalServerPort
    int port;
    @Autowired
    QueryUpdateEmitter updateEmitter;
    @Autowired
    RecentOrderViews recentOrderViews;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void streamsPendingConfirmedCompletedAndEnds() throws Exception {
        String orderId = fabricatedOrderId();
        Stream stream = follow(orderId);
        publish("Order", orderId, 0, created(orderId));
        eventually().until(() -> stream.lines.stream().anyMatch(line -> line.contains("PENDING")));

        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-1", new BigDecimal("10.00")));
        publish("Order", orderId, 2, new OrderCompleted(orderId));

        List<JsonNode> views = stream.views().get(30, TimeUnit.SECONDS);
        assertThat(views).extracting(view -> view.get("status").asText())
                .containsExactly("PENDING", "CONFIRMED", "COMPLETED");
        assertThat(views).extracting(view -> view.get("version").asLong()).containsExactly(0L, 1L, 2L);
        eventually().until(() -> !followed(orderId));
    }

    @Test
    void startsWithTheCurrentViewAndEndsAtOnceForAFinalOrder() throws Exception {
        String orderId = fabricatedOrderId();
        publish("Order", orderId, 0, created(orderId));
        publish("Order", orderId, 1, new OrderCancelled(orderId, "Payment failed: no account"));
        eventually().until(() -> "CANCELLED".equals(get("/api/orders/" + orderId).path("status").asText()));

        List<JsonNode> views = follow(orderId).views().get(30, TimeUnit.SECONDS);

        assertThat(views).extracting(view -> view.get("status").asText()).containsExactly("CANCELLED");
        assertThat(views.get(0).get("cancelReason").asText()).isEqualTo("Payment failed: no account");
        eventually().until(() -> !followed(orderId));
    }

    @Test
    void aClientThatLeavesEndsItsSubscription() throws Exception {
        String orderId = fabricatedOrderId();
        publish("Order", orderId, 0, created(orderId));
        eventually().until(() -> "PENDING".equals(get("/api/orders/" + orderId).path("status").asText()));
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /api/orders/" + orderId + "/updates HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: " + TestUsers.operatorAuthorization()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.contains("PENDING"));
            assertThat(line).as("the current view arrives before the client leaves").isNotNull();
        }

        // The server notices a gone client on its next write; the next change of the order is one.
        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-1", new BigDecimal("10.00")));
        eventually().until(() -> !followed(orderId));
    }

    /**
     * The projection's notification carries the view itself: neither the projecting instance nor the listener reads
     * the order's row back for each change a follower is sent. Nor does following an order created on this instance
     * read it: the instance knows it has no view yet, and then each view the listener received. Counted with
     * pg_stat_statements, on PostgreSQL (the embedded database has one instance and no notifications).
     */
    @Test
    void anOrderCreatedHereIsFollowedWithoutAReadOfItsRow() throws Exception {
        assumeTrue(statementCounts(), "needs PostgreSQL with pg_stat_statements in the test database");
        String orderId = fabricatedOrderId();
        String seenFirst = fabricatedOrderId();
        long readsBefore = readsOfOneOrder();

        publish("Order", orderId, 0, created(orderId));
        Stream stream = follow(orderId);
        eventually().until(() -> stream.lines.stream().anyMatch(line -> line.contains("PENDING")));
        publish("Order", orderId, 1, new PaymentConfirmed(orderId, "pay-1", new BigDecimal("10.00")));
        eventually().until(() -> stream.lines.stream().anyMatch(line -> line.contains("CONFIRMED")));
        publish("Order", orderId, 2, new OrderCompleted(orderId));
        List<JsonNode> views = stream.views().get(30, TimeUnit.SECONDS);
        // followed once its view is there: the stream starts with the view the listener received
        publish("Order", seenFirst, 0, created(seenFirst));
        eventually().until(() -> recentOrderViews.known(seenFirst).flatMap(view -> view).isPresent());
        Stream later = follow(seenFirst);
        eventually().until(() -> later.lines.stream().anyMatch(line -> line.contains("PENDING")));
        publish("Order", seenFirst, 1, new OrderCancelled(seenFirst, "Payment failed: no account"));
        List<JsonNode> laterViews = later.views().get(30, TimeUnit.SECONDS);

        assertThat(views).extracting(view -> view.get("status").asText())
                .containsExactly("PENDING", "CONFIRMED", "COMPLETED");
        assertThat(views.get(2).get("paymentId").asText()).isEqualTo("pay-1");
        assertThat(laterViews).extracting(view -> view.get("status").asText()).containsExactly("PENDING", "CANCELLED");
        assertThat(readsOfOneOrder() - readsBefore).as("reads of one order's row while two orders were followed")
                .isZero();
    }

    /** An order this instance knows nothing of (created elsewhere, or before the listener connected) is read once. */
    @Test
    void anOrderNotKnownHereIsReadOnceWhenFollowed() throws Exception {
        assumeTrue(statementCounts(), "needs PostgreSQL with pg_stat_statements in the test database");
        String orderId = fabricatedOrderId();
        publish("Order", orderId, 0, created(orderId));
        eventually().until(() -> "PENDING".equals(get("/api/orders/" + orderId).path("status").asText()));
        recentOrderViews.forget(orderId);
        long readsBefore = readsOfOneOrder();

        Stream stream = follow(orderId);
        eventually().until(() -> stream.lines.stream().anyMatch(line -> line.contains("PENDING")));
        publish("Order", orderId, 1, new OrderCancelled(orderId, "Payment failed: no account"));
        List<JsonNode> views = stream.views().get(30, TimeUnit.SECONDS);

        assertThat(views).extracting(view -> view.get("status").asText()).containsExactly("PENDING", "CANCELLED");
        assertThat(readsOfOneOrder() - readsBefore).as("reads to check the order and send its current view")
                .isEqualTo(1);
    }

    private boolean statementCounts() {
        if (!isPostgres()) {
            return false;
        }
        try {
            readsOfOneOrder();
            return true;
        } catch (DataAccessException notThere) {
            return false;
        }
    }

    private boolean isPostgres() {
        return Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) connection ->
                connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")));
    }

    /** Calls of the statement that reads one order's row ({@code FindOrder}), in this database. */
    private long readsOfOneOrder() {
        Long calls = jdbc.queryForObject("select coalesce(sum(calls), 0) from public.pg_stat_statements"
                + " where dbid = (select oid from pg_database where datname = current_database())"
                + " and query like 'select order_id,%from order_summary where order_id = $1'", Long.class);
        return calls == null ? 0 : calls;
    }

    private Stream follow(String orderId) {
        HttpRequest request = TestHttp.request(port, "/api/orders/" + orderId + "/updates")
                .header("Accept", "text/event-stream")
                .build();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> done = client.sendAsync(request,
                HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
        return new Stream(lines, done.thenApply(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            return lines.stream()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> readTree(line.substring("data:".length())))
                    .toList();
        }));
    }

    /** Every line the server sent so far, and once the stream has ended, the order views it carried. */
    private record Stream(List<String> lines, CompletableFuture<List<JsonNode>> views) {
    }

    private boolean followed(String orderId) {
        return updateEmitter.activeSubscriptions().stream()
                .anyMatch(subscription -> subscription.getPayload() instanceof FindOrder find
                        && find.orderId().equals(orderId));
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    private static OrderCreated created(String orderId) {
        return new OrderCreated(orderId, id("customer"), List.of(new OrderLine("p-1", 1, new BigDecimal("10.00"))),
                new BigDecimal("10.00"), "THB");
    }
}
