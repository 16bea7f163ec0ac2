package app.operations;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges that Axon's own metrics lack (those give events published per type, events handled, handling time and
 * failures per processor): how far each streaming processor is behind the head of the event store, how many dead
 * letters wait per group, and how many sagas are running. They are read when scraped; the head of the store is
 * read at most once a second.
 */
@Component
class OperationsMetrics {

    static final String LAG = "eventshop.processor.lag.events";
    static final String DEAD_LETTERS = "eventshop.dead.letters.waiting";
    static final String SAGAS = "eventshop.sagas.active";
    /** Stored by the JPA saga store under the saga's class name; named here, not imported, to keep app off orders. */
    static final String ORDER_SAGA_TYPE = "orders.OrderSaga";

    private final MeterRegistry registry;
    private final Processors processors;
    private final DeadLetters deadLetters;
    private final JdbcTemplate jdbc;
    private final AtomicLong head = new AtomicLong();
    private volatile long headReadAt;

    OperationsMetrics(MeterRegistry registry, Processors processors, DeadLetters deadLetters, JdbcTemplate jdbc) {
        this.registry = registry;
        this.processors = processors;
        this.deadLetters = deadLetters;
        this.jdbc = jdbc;
    }

    /** The processors exist once Axon has started, which is after the meter binders ran. */
    @EventListener(ApplicationStartedEvent.class)
    void register() {
        processors.processors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .forEach(processor -> Gauge.builder(LAG, processor, this::lag)
                        .description("Events stored after the lowest position this processor's segments have reached")
                        .tag("processor", processor.getName())
                        .baseUnit("events")
                        .register(registry));
        deadLetters.groups().forEach(group -> Gauge.builder(DEAD_LETTERS, deadLetters, letters -> letters.size(group))
                .description("Dead letters waiting to be retried or evicted")
                .tag("group", group)
                .register(registry));
        Gauge.builder(SAGAS, jdbc, this::activeOrderSagas)
                .description("Sagas that have started and not ended")
                .tag("saga", "OrderSaga")
                .register(registry);
    }

    /** NaN while no segment of the processor is claimed here (stopped, or every segment held by another node). */
    private double lag(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return Double.NaN;
        }
        OptionalLong position = segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
        return Math.max(0, head() - position.orElse(0));
    }

    private long head() {
        long now = System.currentTimeMillis();
        if (now - headReadAt > 1000) {
            Long max = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
            head.set(max == null ? 0 : max);
            headReadAt = now;
        }
        return head.get();
    }

    private double activeOrderSagas(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("select count(*) from saga_entry where saga_type = ?", Long.class,
                ORDER_SAGA_TYPE);
        return count == null ? 0 : count;
    }

}
