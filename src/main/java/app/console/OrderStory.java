package app.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.axon.MessageMetadata;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import query.api.FindAggregateEvents;
import query.api.FindCorrelatedEvents;
import query.api.FindOrder;
import query.api.OrderView;
import query.api.StoredEvent;

/**
 * What happened to one order: every event its request caused, in every context, from the audit trail by the
 * order's correlation id. Events that share a causation came from one command; after the request's own command,
 * each such step is one of the saga's decisions (the saga is what sends commands in an order's name), which the
 * events' data (a reason, an amount) explain. Read through the query bus, and the saga store for whether the
 * saga still runs.
 */
@Component
class OrderStory {

    /** The saga store's key for the saga's type and the association it keeps per order, named to keep off orders. */
    static final String ORDER_SAGA_TYPE = "orders.OrderSaga";

    private final QueryGateway queries;
    private final JdbcTemplate jdbc;

    OrderStory(QueryGateway queries, JdbcTemplate jdbc) {
        this.queries = queries;
        this.jdbc = jdbc;
    }

    /** Empty when no event of that order is stored. */
    Optional<Story> of(String orderId) {
        List<StoredEvent> own = queries.query(new FindAggregateEvents(orderId),
                ResponseTypes.multipleInstancesOf(StoredEvent.class)).join();
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Object correlation = own.get(0).metadata().get(MessageMetadata.CORRELATION_ID);
        String correlationId = correlation == null ? null : correlation.toString();
        List<StoredEvent> events = correlationId == null ? own : queries.query(new FindCorrelatedEvents(correlationId),
                ResponseTypes.multipleInstancesOf(StoredEvent.class)).join();
        OrderView order = queries.query(new FindOrder(orderId), ResponseTypes.optionalInstanceOf(OrderView.class))
                .join().orElse(null);
        return Optional.of(new Story(orderId, correlationId, order, sagaRunning(orderId), steps(events)));
    }

    /** Events with one causation came from one command: a step. The first is the request's, later ones the saga's. */
    private static List<Step> steps(List<StoredEvent> events) {
        Map<String, Step> steps = new LinkedHashMap<>();
        for (StoredEvent event : events) {
            Object causation = event.metadata().get(MessageMetadata.CAUSATION_ID);
            String causationId = causation == null ? event.eventId() : causation.toString();
            steps.computeIfAbsent(causationId, id -> new Step(steps.size() + 1, steps.isEmpty() ? "request" : "saga",
                    id, new ArrayList<>())).events().add(event);
        }
        return List.copyOf(steps.values());
    }

    private boolean sagaRunning(String orderId) {
        Long associations = jdbc.queryForObject("select count(*) from association_value_entry where saga_type = ?"
                + " and association_key = 'orderId' and association_value = ?", Long.class, ORDER_SAGA_TYPE, orderId);
        return associations != null && associations > 0;
    }

    /** {@code order} is null while the read side has not projected the order yet. */
    record Story(String orderId, String correlationId, OrderView order, boolean sagaRunning, List<Step> steps) {
    }

    /** {@code by} is {@code request} for the step the outside request caused, {@code saga} for the saga's. */
    record Step(int number, String by, String causationId, List<StoredEvent> events) {
    }
}
