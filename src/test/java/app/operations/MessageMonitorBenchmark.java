package app.operations;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (the suite runs *Test and *IT only): the CPU time the message monitors of the event store
 * and of eight processors take per event, with 17 payload types, for Axon's dimensional default and for eventshop's
 * monitors and meter names, in alternating rounds on one thread. Each processor handles a third of the events and
 * ignores the rest, as the projections do. Run with {@code ./mvnw test -Dtest=MessageMonitorBenchmark}.
 */
class MessageMonitorBenchmark {

    private static final Object[] PAYLOADS = {"s", 1, 2L, 3.0, 4f, (short) 5, (byte) 6, 'c', true,
            new StringBuilder(), new ArrayList<>(), new HashMap<>(), new TreeMap<>(), Instant.now(), Duration.ZERO,
            UUID.randomUUID(), BigDecimal.ONE};
    private static final int PROCESSORS = 8;
    private static final int EVENTS = 30_000;
    private static final int ROUNDS = 5;

    @Test
    void cpuPerEvent() {
        double[] axonDefault = new double[ROUNDS];
        double[] eventshop = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            axonDefault[round] = nanosPerEvent(false);
            eventshop[round] = nanosPerEvent(true);
            System.out.printf("round %d: Axon's default %.0f ns/event, eventshop's %.0f ns/event%n", round,
                    axonDefault[round], eventshop[round]);
        }
        System.out.printf("median: Axon's default %.0f ns/event, eventshop's %.0f ns/event%n", median(axonDefault),
                median(eventshop));
    }

    @SuppressWarnings("unchecked")
    private static double nanosPerEvent(boolean eventshopMonitors) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GlobalMetricRegistry axon = new GlobalMetricRegistry(registry);
        AxonMessageMonitors monitors = null;
        if (eventshopMonitors) {
            registry.config().meterFilter(new AxonMeterNames());
            monitors = new AxonMessageMonitors(axon);
        }
        List<MessageMonitor<Message<?>>> processors = new ArrayList<>();
        for (int i = 0; i < PROCESSORS; i++) {
            processors.add(eventshopMonitors ? monitors.monitorFor(TrackingEventProcessor.class, "processor-" + i)
                    : (MessageMonitor<Message<?>>) axon.registerComponentWithDefaultTags(TrackingEventProcessor.class,
                    "processor-" + i));
        }
        MessageMonitor<Message<?>> store = eventshopMonitors ? monitors.monitorFor(EventBus.class, "eventStore")
                : (MessageMonitor<Message<?>>) axon.registerComponentWithDefaultTags(EventBus.class, "eventStore");
        List<Message<?>> events = Arrays.stream(PAYLOADS).<Message<?>>map(GenericEventMessage::asEventMessage)
                .toList();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        publishAndHandle(store, processors, events);
        long start = threads.getCurrentThreadCpuTime();
        publishAndHandle(store, processors, events);
        registry.scrape();
        return (threads.getCurrentThreadCpuTime() - start) / (double) EVENTS;
    }

    private static void publishAndHandle(MessageMonitor<Message<?>> store, List<MessageMonitor<Message<?>>> processors,
                                         List<Message<?>> events) {
        for (int i = 0; i < EVENTS; i++) {
            Message<?> event = events.get(i % events.size());
            store.onMessageIngested(event).reportSuccess();
            for (int p = 0; p < processors.size(); p++) {
                MessageMonitor.MonitorCallback callback = processors.get(p).onMessageIngested(event);
                if ((i + p) % 3 == 0) {
                    callback.reportSuccess();
                } else {
                    callback.reportIgnored();
                }
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
