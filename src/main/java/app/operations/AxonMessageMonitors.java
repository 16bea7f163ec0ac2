package app.operations;

import static org.axonframework.micrometer.TagsUtil.PAYLOAD_TYPE_TAG;
import static org.axonframework.micrometer.TagsUtil.PROCESSOR_NAME_TAG;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.stereotype.Component;

/**
 * Which of Axon's message monitors each component gets, and how they are tagged. Axon's own dimensional set-up tags
 * every processor meter with the payload type as well (processors x event types series of each) and adds a capacity
 * gauge that is registered again on every message and a latency gauge that stops moving when a processor stops.
 * Here a processor's meters carry its name only; the event store and the buses count by payload type, a fixed set
 * (the message records in the code), and time without it. The meters are {@link CountingMonitor}'s, built once per
 * processor or payload type rather than for every message as Axon's own monitors do. {@link AxonMeterNames} gives the meters their names, help
 * texts and histogram buckets; lag is measured against the event store by {@link OperationsMetrics}.
 */
@Component
class AxonMessageMonitors extends MetricsConfigurerModule {

    static final String PROCESSOR = "axon.processor";
    static final String EVENTS = "axon.events";
    static final String COMMANDS = "axon.commands";
    static final String QUERIES = "axon.queries";

    private final MeterRegistry registry;

    AxonMessageMonitors(GlobalMetricRegistry axonRegistry) {
        super(axonRegistry, true);
        this.registry = axonRegistry.getRegistry();
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.configureMessageMonitor(configuration -> this::monitorFor);
    }

    MessageMonitor<Message<?>> monitorFor(Class<?> componentType, String componentName) {
        if (EventProcessor.class.isAssignableFrom(componentType)) {
            return CountingMonitor.forProcessor(registry, PROCESSOR, PROCESSOR_NAME_TAG, componentName);
        }
        if (EventBus.class.isAssignableFrom(componentType)) {
            return CountingMonitor.byPayloadType(registry, EVENTS, PAYLOAD_TYPE_TAG, false);
        }
        if (CommandBus.class.isAssignableFrom(componentType)) {
            return CountingMonitor.byPayloadType(registry, COMMANDS, PAYLOAD_TYPE_TAG, true);
        }
        if (QueryBus.class.isAssignableFrom(componentType)) {
            return CountingMonitor.byPayloadType(registry, QUERIES, PAYLOAD_TYPE_TAG, true);
        }
        return NoOpMessageMonitor.instance();
    }
}
