package integration;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import orders.Ledger;
import orders.ShopClient;
import orders.api.OrderStatus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What both brokers must show, read back with plain clients of the broker: every stored event out, exactly, in order
 * per aggregate; stock arrivals in, once per message id, poison to the dead letters at once, passing failures
 * retried with growing waits; replays of a window.
 */
abstract class AbstractRelayIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;
    @Autowired
    FlakyRestocks flaky;

    /** Every message on the events topic or stream, in the order a consumer reads it (per partition for Kafka). */
    abstract List<Published> published();

    /** Sends a stock arrival as the warehouse system would; {@code key} orders messages of one product. */
    abstract void sendArrival(String key, Map<String, Object> message);

    /** Dead-lettered arrivals: their original messageId (or null) and the error recorded with them. */
    abstract List<Map<String, String>> deadLetters();

    abstract String broker();

    ShopClient shop() {
        return new ShopClient(http);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOperatorConsoleShowsTheRelayAndWhereItPublishes() {
        List<Map<String, Object>> relays = (List<Map<String, Object>>) http.getForObject("/console/api/processors",
                Map.class).get("relays");
        assertThat(relays).anySatisfy(relay -> {
            assertThat(relay.get("name")).isEqualTo(broker());
            assertThat(relay.get("processor")).isEqualTo(broker() + "-publisher");
            assertThat((String) relay.get("destination")).isNotBlank();
            assertThat((String) relay.get("deadLetterDestination")).isNotBlank();
        });
    }

    @Test
    void publishesExactlyTheStoredEventsInOrderPerAggregate() {
        ShopClient shop = shop();
        String id = broker() + "-" + RUN;
        shop.openAccount(id + "-rich", "10000.00");
        shop.openAccount(id + "-poor", "5.00");
        shop.addProduct(id + "-p", "10.00", 3);
        List<String> orders = new ArrayList<>();
        for (String customer : List.of("-rich", "-rich", "-poor", "-rich", "-rich")) {
            orders.add(orderIdOf(shop.placeOrder(null, order(id + customer, line(id + "-p", 1)))));
        }
        Ledger ledger = new Ledger(eventStore);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(orders).allSatisfy(orderId ->
                assertThat(ledger.status(orderId)).hasValueSatisfying(status -> assertThat(status.isFinal()).isTrue())));
        assertThat(orders).as("some orders cancelled, some completed")
                .anySatisfy(orderId -> assertThat(ledger.status(orderId)).contains(OrderStatus.CANCELLED))
                .anySatisfy(orderId -> assertThat(ledger.status(orderId)).contains(OrderStatus.COMPLETED));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(live(published()).stream()
                .map(Published::eventId).collect(Collectors.toSet()))
                .containsAll(Stored.all(jdbc).stream().map(Stored::eventId).toList()));

        List<Stored> stored = Stored.all(jdbc);
        List<Published> live = live(published());
        Map<String, Long> copies = live.stream().collect(Collectors.groupingBy(Published::eventId, Collectors.counting()));
        assertThat(copies.values()).as("each stored event once").allMatch(count -> count == 1);
        assertThat(copies.keySet()).as("nothing that was not stored")
                .containsExactlyInAnyOrderElementsOf(stored.stream().map(Stored::eventId).toList());
        Map<String, Published> byId = live.stream().collect(Collectors.toMap(Published::eventId, message -> message));
        for (Stored event : stored) {
            Published message = byId.get(event.eventId());
            assertThat(message.aggregateId()).isEqualTo(event.aggregateId());
            assertThat(message.version()).isEqualTo(event.version());
            assertThat(message.aggregateType()).isEqualTo(event.aggregateType());
            assertThat(EventTypes.simpleNameOf(message.eventType())).isEqualTo(event.simpleType());
            assertThat(Instant.parse(message.timestamp())).isEqualTo(event.timestamp());
            assertThat(message.data()).isNotEmpty();
            assertThat(message.metadata()).containsKeys("correlationId", "causationId", "userId", "source");
        }
        assertThat(byId.values()).filteredOn(message -> message.eventType().startsWith("MoneyDeposited"))
                .allSatisfy(message -> assertThat(message.eventType()).isEqualTo("MoneyDeposited@2"));
        assertThat(versionsPerAggregate(live)).as("order per aggregate")
                .isEqualTo(versionsPerAggregate(stored.stream().map(event -> new Published(event.eventId(), null,
                        null, event.aggregateId(), event.version(), null, Map.of(), Map.of(), null)).toList()));
        assertThat(byId.values()).filteredOn(message -> message.eventType().equals("ProductAdded"))
                .as("amounts exactly as stored").allSatisfy(message -> assertThat(message.rawData())
                        .contains("\"price\":10.00"));
    }

    @Test
    void arrivalsRestockOncePerMessageAndPoisonGoesToTheDeadLettersAtOnce() {
        String product = broker() + "-arrivals-" + RUN;
        shop().addProduct(product, "10.00", 10);
        Ledger ledger = new Ledger(eventStore);
        String first = "m1-" + broker() + "-" + RUN;
        sendArrival(product, arrival(first, product, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.available(product) == 15);

        sendArrival(product, arrival(first, product, 5));
        sendArrival(product, arrival("bad-qty-" + broker() + "-" + RUN, product, 0));
        sendArrival("nothing", arrival("unknown-" + broker() + "-" + RUN, "no-such-product-" + RUN, 1));
        Map<String, Object> noId = arrival("x", product, 1);
        noId.remove("messageId");
        sendArrival(product, noId);
        sendArrival(product, arrival("m2-" + broker() + "-" + RUN, product, 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.available(product) == 16);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters())
                .anySatisfy(dead -> assertThat(dead.get("error")).contains("quantity"))
                .anySatisfy(dead -> assertThat(dead.get("error")).contains("Unknown product"))
                .anySatisfy(dead -> assertThat(dead.get("error")).contains("messageId is missing")));
        assertThat(ledger.available(product)).as("the duplicate restocked nothing").isEqualTo(16);
        assertThat(jdbc.queryForObject("select count(*) from processed_messages where product_id = ?", Integer.class,
                product)).isEqualTo(2);
    }

    @Test
    void aPassingFailureIsRetriedWithGrowingWaitsThenSucceeds() {
        String product = "flaky-" + broker() + "-" + RUN;
        shop().addProduct(product, "10.00", 1);
        sendArrival(product, arrival("flaky-" + broker() + "-" + RUN, product, 4));
        Ledger ledger = new Ledger(eventStore);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.available(product) == 5);

        List<Instant> attempts = flaky.attemptsOf(product);
        assertThat(attempts).hasSize(FlakyRestocks.FAILURES + 1);
        List<Long> waits = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            waits.add(Duration.between(attempts.get(i - 1), attempts.get(i)).toMillis());
        }
        System.out.printf("%s: waits between tries of a failing arrival (ms): %s%n", broker(), waits);
        // each wait at least its step of the backoff (200, 400, 800 ms): without backoff they would be milliseconds;
        // on a busy machine any wait may be longer, so no upper bound
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i)).as("wait %d of %s", i + 1, waits)
                    .isGreaterThanOrEqualTo((long) (200 << i) * 9 / 10);
        }
    }

    @Test
    void replaysTheStoredEventsOfAWindowAndTypesMarkedAsReplays() {
        String id = broker() + "-replay-" + RUN;
        Instant from = Instant.now();
        shop().addProduct(id + "-a", "10.00", 5);
        shop().openAccount(id + "-c", "50.00");
        shop().addProduct(id + "-b", "10.00", 5);
        Instant to = Instant.now();
        shop().addProduct(id + "-late", "10.00", 5);
        List<String> expected = Stored.all(jdbc).stream()
                .filter(event -> !event.timestamp().isBefore(from) && event.timestamp().isBefore(to))
                .filter(event -> List.of("ProductAdded", "MoneyDeposited").contains(event.simpleType()))
                .map(Stored::eventId).toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(3);

        ResponseEntity<Map> started = http.postForEntity("/api/admin/relays/" + broker() + "/replays",
                Map.of("from", from.toString(), "to", to.toString(), "eventTypes", List.of("ProductAdded",
                        "MoneyDeposited@2")), Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String progress = started.getHeaders().getLocation().toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(
                http.getForObject(progress, Map.class).get("done")));
        assertThat(http.getForObject(progress, Map.class)).containsEntry("published", expected.size());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published().stream()
                .filter(Published::isReplay).map(Published::eventId).toList())
                .containsExactlyInAnyOrderElementsOf(expected));
        assertThat(published()).filteredOn(Published::isReplay).allSatisfy(message ->
                assertThat(message.metadata()).containsKeys("originalTimestamp", "replayTimestamp"));
    }

    @Test
    void badReplayWindowsAreRejected() {
        Instant now = Instant.now();
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("from", now.toString(), "to", now.minusSeconds(60).toString()),
                Map.of("from", now.minusSeconds(60).toString(), "to", now.toString(), "eventTypes", List.of("Nope")),
                Map.of("to", now.toString()))) {
            ResponseEntity<Map> answer = http.postForEntity("/api/admin/relays/" + broker() + "/replays", body,
                    Map.class);
            assertThat(answer.getStatusCode()).as(body.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType().toString()).contains("application/problem+json");
        }
        assertThat(http.postForEntity("/api/admin/relays/rabbit/replays",
                Map.of("from", now.minusSeconds(1).toString(), "to", now.toString()), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    static Map<String, Object> arrival(String messageId, String productId, int quantity) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("messageId", messageId);
        message.put("productId", productId);
        message.put("quantity", quantity);
        message.put("receivedAt", Instant.now().toString());
        return message;
    }

    private static List<Published> live(List<Published> messages) {
        return messages.stream().filter(message -> !message.isReplay()).toList();
    }

    private static Map<String, List<Long>> versionsPerAggregate(List<Published> messages) {
        Map<String, List<Long>> versions = new LinkedHashMap<>();
        messages.forEach(message -> versions.computeIfAbsent(message.aggregateId(), id -> new ArrayList<>())
                .add(message.version()));
        return new java.util.TreeMap<>(versions);
    }
}
