package query;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import app.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read side's integration tests share the application of every other {@link IntegrationTest}. Orders, payments and inventory are built
 * elsewhere, so the tests append those contexts' api events to the event store themselves, as their aggregates
 * would, and watch the projections pick them up. The real OrderSaga reacts to such an OrderCreated too; so that it
 * cannot append to a stream the test is writing, commands about these fabricated orders are dropped.
 */
@IntegrationTest
abstract class AbstractReadSideIT {

    @Autowired
    EventStore eventStore;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    private static final String FABRICATED = "fabricated-order-";
    private static final Set<CommandBus> FENCED = ConcurrentHashMap.newKeySet();

    @Autowired
    CommandBus commandBus;

    static String fabricatedOrderId() {
        return id(FABRICATED.substring(0, FABRICATED.length() - 1));
    }

    /** For the lifetime of the application: the saga's commands can come long after the test, from a deadline. */
    @BeforeEach
    void leaveFabricatedOrdersToTheTest() {
        if (FENCED.add(commandBus)) {
            MessageHandlerInterceptor<CommandMessage<?>> fence = (unitOfWork, chain) ->
                    aboutFabricatedOrder(unitOfWork.getMessage().getPayload()) ? null : chain.proceed();
            commandBus.registerHandlerInterceptor(fence);
        }
    }

    private static boolean aboutFabricatedOrder(Object command) {
        try {
            return command.getClass().getMethod("orderId").invoke(command) instanceof String orderId
                    && orderId.contains(FABRICATED);
        } catch (ReflectiveOperationException notAboutAnOrder) {
            return false;
        }
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
    }

    void publish(String aggregateType, String aggregateId, long sequence, Object payload) {
        publish(aggregateType, aggregateId, sequence, payload, "test-" + aggregateId, Instant.now());
    }

    void publish(String aggregateType, String aggregateId, long sequence, Object payload, String correlationId,
                 Instant at) {
        Map<String, Object> metaData = Map.of("correlationId", correlationId, "causationId", "test",
                "userId", "anonymous");
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> eventStore.publish(
                new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload, metaData,
                        UUID.randomUUID().toString(), at)));
    }

    JsonNode get(String path) {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        return body(response);
    }

    JsonNode body(ResponseEntity<String> response) {
        try {
            return json.readTree(response.getBody() == null ? "null" : response.getBody());
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + response.getBody(), e);
        }
    }
}
