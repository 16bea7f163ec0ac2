package integration;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import app.EventshopApplication;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import orders.Ledger;
import orders.api.OrderStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis Streams: the real server on 127.0.0.1:6379, keys of this run only (removed afterwards), read and written with
 * plain Lettuce. The app reaches Redis through a proxy, so that a test can take Redis away from it.
 */
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"eventshop.redis.enabled=true", "eventshop.arrivals.initial-backoff=200ms",
                "eventshop.arrivals.max-tries=5", "eventshop.redis.claim-idle=500ms",
                "eventshop.redis.max-deliveries=3", "eventshop.redis.ack-timeout=2s", "spring.data.redis.timeout=2s"})
@Import({FlakyRestocks.class, RedisKeys.class})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRelayIT extends AbstractRelayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "test-" + RUN + ":events";
    private static final String ARRIVALS = "test-" + RUN + ":stock-arrivals";
    private static final TcpProxy PROXY;
    private static final RedisClient CLIENT = RedisClient.create("redis://127.0.0.1:6379");
    private static final StatefulRedisConnection<String, String> CONNECTION = CLIENT.connect();

    static {
        try {
            PROXY = new TcpProxy("127.0.0.1", 6379);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.host", () -> "127.0.0.1");
        properties.add("spring.data.redis.port", PROXY::port);
        properties.add("eventshop.redis.events-stream", () -> EVENTS);
        properties.add("eventshop.redis.arrivals-stream", () -> ARRIVALS);
    }

    private final RedisCommands<String, String> redis = CONNECTION.sync();

    @Override
    String broker() {
        return "redis";
    }

    @Override
    List<Published> published() {
        List<Published> messages = new ArrayList<>();
        for (StreamMessage<String, String> entry : redis.xrange(EVENTS, io.lettuce.core.Range.create("-", "+"))) {
            Map<String, String> fields = entry.getBody();
            messages.add(new Published(fields.get("eventId"), fields.get("eventType"), fields.get("aggregateType"),
                    fields.get("aggregateId"), Long.parseLong(fields.get("version")), fields.get("timestamp"),
                    parse(fields.get("data")), parse(fields.get("metadata")), fields.get("data")));
        }
        return messages;
    }

    @Override
    void sendArrival(String key, Map<String, Object> message) {
        Map<String, String> fields = new HashMap<>();
        message.forEach((name, value) -> fields.put(name, String.valueOf(value)));
        redis.xadd(ARRIVALS, fields);
    }

    @Override
    List<Map<String, String>> deadLetters() {
        return redis.xrange(ARRIVALS + ":dead", io.lettuce.core.Range.create("-", "+")).stream()
                .map(StreamMessage::getBody).toList();
    }

    @Test
    void anEntryLeftByADeadConsumerIsClaimedAndHandledByAnother() {
        String product = "claimed-" + RUN;
        shop().addProduct(product, "10.00", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.xinfoGroups(ARRIVALS).size() == 1);
        Map<String, String> fields = new HashMap<>();
        arrival("claimed-" + RUN, product, 2).forEach((name, value) -> fields.put(name, String.valueOf(value)));
        // added and read by a consumer that then dies, in one step, so that the app's consumer cannot read it first
        redis.multi();
        redis.xadd(ARRIVALS, fields);
        redis.xreadgroup(Consumer.from("eventshop", "dead-worker"), XReadArgs.Builder.count(1),
                XReadArgs.StreamOffset.lastConsumed(ARRIVALS));
        io.lettuce.core.TransactionResult done = redis.exec();
        assertThat((List<?>) done.get(1)).as("read by the dead worker").hasSize(1);

        Ledger ledger = new Ledger(eventStore);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.available(product) == 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.xpending(ARRIVALS, "eventshop").getCount() == 0);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void whileRedisIsAwayOrdersCompleteThePublisherShowsDownAndCatchesUpAfterwards() throws IOException {
        String id = "outage-" + RUN;
        shop().openAccount(id, "1000.00");
        shop().addProduct(id, "10.00", 100);
        PROXY.cut();
        Instant cutAt = Instant.now();
        List<String> orders = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                orders.add(orderIdOf(shop().placeOrder(null, order(id, line(id, 1)))));
            }
            Ledger ledger = new Ledger(eventStore);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(orders).allSatisfy(orderId ->
                    assertThat(ledger.status(orderId)).contains(OrderStatus.COMPLETED)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Object> health = http.getForObject("/actuator/health", Map.class);
                assertThat(health).containsEntry("status", "DOWN");
                assertThat(health.toString()).contains("redis-publisher={running=true, error=true");
            });
            Map<String, Object> publisher = ((List<Map<String, Object>>) http.getForObject("/api/admin/relays",
                    Map.class).get("publishers")).get(0);
            assertThat(publisher).containsEntry("error", true);
            assertThat(((Number) publisher.get("lag")).longValue()).isPositive();
        } finally {
            PROXY.restore();
        }
        Instant restoredAt = Instant.now();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(published().stream()
                .map(Published::eventId).collect(Collectors.toSet()))
                .containsAll(Stored.all(jdbc).stream().map(Stored::eventId).toList()));
        Instant caughtUpAt = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(
                http.getForObject("/actuator/health", Map.class).get("status")));
        List<Published> live = published().stream().filter(message -> !message.isReplay()).toList();
        Set<String> distinct = live.stream().map(Published::eventId).collect(Collectors.toSet());
        System.out.printf("redis outage: %d orders completed while away (%d s), caught up %d ms after Redis came"
                        + " back; %d events stored, %d on the stream, %d duplicates, %d missing%n", orders.size(),
                Duration.between(cutAt, restoredAt).toSeconds(), Duration.between(restoredAt, caughtUpAt).toMillis(),
                Stored.all(jdbc).size(), live.size(), live.size() - distinct.size(),
                Stored.all(jdbc).stream().filter(event -> !distinct.contains(event.eventId())).count());
    }

    @Test
    void listsThePublisherAndTheConsumer() {
        Map<String, Object> relays = http.getForObject("/api/admin/relays", Map.class);
        assertThat((List<Map<String, Object>>) relays.get("publishers")).singleElement().satisfies(publisher ->
                assertThat(publisher).containsEntry("broker", "redis").containsEntry("processor", "redis-publisher"));
        assertThat((List<Map<String, Object>>) relays.get("consumers")).singleElement().satisfies(consumer -> {
            assertThat(consumer).containsEntry("broker", "redis").containsEntry("running", true);
            assertThat((Map<String, Object>) consumer.get("details")).containsEntry("stream", ARRIVALS)
                    .containsKey("deadLetters");
        });
    }

    /** The streams themselves go with the application ({@link RedisKeys}). */
    @AfterAll
    void closeClients() throws IOException {
        PROXY.close();
        CONNECTION.close();
        CLIENT.shutdown();
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (Exception notJson) {
            throw new AssertionError("not JSON: " + json, notJson);
        }
    }
}
