package app.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges that Axon's own metrics lack (those give events appended per type, events handled, handling time and
 * failures per processor): whether each processor runs, how far each streaming processor is behind the head of the
 * event store (in events, and in seconds the oldest event it has not handled has waited), how many dead letters wait
 * per group, how many sagas are running, and whether the application is ready for traffic. They are read when
 * scraped; the head of the store is read at most once a second.
 */
@Component
class OperationsMetrics {

    static final String LAG = "eventshop.processor.lag.events";
    static final String LAG_SECONDS = "eventshop.processor.lag";
    static final String RUNNING = "eventshop.processor.running";
    static final String IN_ERROR = "eventshop.processor.in.error";
    static final String READY = "eventshop.ready";
    static final String DEAD_LETTERS = "eventshop.dead.letters.waiting";
    static final String SAGAS = "eventshop.sagas.active";
    /** Stored by the JPA saga store under the saga's class name; named here, not imported, to keep app off orders. */
    static final String ORDER_SAGA_TYPE = "orders.OrderSaga";

    private final MeterRegistry registry;
    private final Processors processors;
    private final DeadLetters deadLetters;
    private final JdbcTemplate jdbc;
    private final HealthEndpoint health;
    private final AtomicLong head = new AtomicLong();
    private volatile long headReadAt;

    OperationsMetrics(MeterRegistry registry, Processors processors, DeadLetters deadLetters, JdbcTemplate jdbc,
                      HealthEndpoint health) {
        this.registry = registry;
        this.processors = processors;
        this.deadLetters = deadLetters;
        this.jdbc = jdbc;
        this.health = health;
    }

    /** The processors exist once Axon has started, which is after the meter binders ran. */
    @EventListener(ApplicationStartedEvent.class)
    void register() {
        processors.processors().values().forEach(this::registerProcessor);
        deadLetters.groups().forEach(group -> Gauge.builder(DEAD_LETTERS, deadLetters, letters -> letters.size(group))
                .description("Dead letters waiting to be retried or evicted")
                .tag("group", group)
                .register(registry));
        Gauge.builder(SAGAS, jdbc, this::activeOrderSagas)
                .description("Sagas that have started and not ended")
                .tag("saga", "OrderSaga")
                .register(registry);
        Gauge.builder(READY, health, OperationsMetrics::ready)
                .description("1 while /actuator/health/readiness is UP, else 0")
                .register(registry);
    }

    private void registerProcessor(EventProcessor processor) {
        List<Tag> tags = List.of(Tag.of("processor", processor.getName()));
        Gauge.builder(RUNNING, processor, running -> running.isRunning() ? 1 : 0)
                .description("1 while the event processor runs on this instance, else 0")
                .tags(tags)
                .register(registry);
        Gauge.builder(IN_ERROR, processor, failing -> Processors.status(failing).error() ? 1 : 0)
                .description("1 while the event processor or one of its segments is in error (it retries), else 0")
                .tags(tags)
                .register(registry);
        if (processor instanceof StreamingEventProcessor streaming) {
            Gauge.builder(LAG, streaming, this::lag)
                    .description("Events stored after the lowest position this processor's segments have reached")
                    .tags(tags)
                    .baseUnit("events")
                    .register(registry);
            Gauge.builder(LAG_SECONDS, streaming, this::lagSeconds)
                    .description("How long the oldest stored event this processor has not handled has waited")
                    .tags(tags)
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    /** NaN while no segment of the processor is claimed here (stopped, or every segment held by another node). */
    private double lag(StreamingEventProcessor processor) {
        OptionalLong position = position(processor);
        return position == null ? Double.NaN : Math.max(0, head() - position.orElse(0));
    }

    /** 0 when caught up; NaN like {@link #lag}. */
    private double lagSeconds(StreamingEventProcessor processor) {
        OptionalLong position = position(processor);
        if (position == null) {
            return Double.NaN;
        }
        if (head() <= position.orElse(0)) {
            return 0;
        }
        List<String> oldest = jdbc.queryForList("select time_stamp from domain_event_entry where global_index > ?"
                + " order by global_index limit 1", String.class, position.orElse(-1));
        return oldest.isEmpty() ? 0
                : Math.max(0, Duration.between(Instant.parse(oldest.get(0)), Instant.now()).toMillis() / 1000.0);
    }

    /** The lowest position this processor's segments claimed here have reached; null when none is claimed here. */
    private static OptionalLong position(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) {
            return null;
        }
        return segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
    }

    private static double ready(HealthEndpoint health) {
        HealthComponent readiness = health.healthForPath("readiness");
        return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
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
