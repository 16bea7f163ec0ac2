package app.console;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import app.operations.AxonMeterNames;
import app.operations.Processors;
import app.operations.RepeatingTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The last minutes of each processor's lag and throughput, sampled in the background so that the chart has a past
 * when the page opens. Throughput comes from Axon's own counter of handled events, so it counts what the processor
 * did, not how far its token moved. Kept in memory: it describes this instance, and a restart starts it afresh.
 */
@Component
class ProcessorHistory extends RepeatingTask {

    private static final Logger log = LoggerFactory.getLogger(ProcessorHistory.class);

    private final Processors processors;
    private final StoreHead head;
    private final MeterRegistry registry;
    private final Replays replays;
    private final Duration interval;
    private final int capacity;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final Map<String, Double> lastHandled = new HashMap<>();
    private long lastSampledAt;

    ProcessorHistory(Processors processors, StoreHead head, MeterRegistry registry, Replays replays,
                     @Value("${eventshop.console.sample-interval:2s}") Duration interval,
                     @Value("${eventshop.console.history:5m}") Duration history) {
        super("console-sampler", Duration.ZERO, interval);
        this.processors = processors;
        this.head = head;
        this.registry = registry;
        this.replays = replays;
        this.interval = interval;
        this.capacity = (int) Math.max(2, history.toMillis() / interval.toMillis());
    }

    /** A reading of the store this old is still fresh enough to answer the page with. */
    long freshness() {
        return 2 * interval.toMillis();
    }

    List<Sample> of(String processor) {
        Deque<Sample> series = samples.get(processor);
        if (series == null) {
            return List.of();
        }
        synchronized (series) {
            return List.copyOf(series);
        }
    }

    /** A sample missed (the database away, a processor shutting down) is only a gap in the chart. */
    @Override
    protected void runOnce() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.debug("Could not sample the processors", e);
        }
    }

    synchronized void sample() {
        long now = System.currentTimeMillis();
        long newest = head.read().head();
        double seconds = lastSampledAt == 0 ? 0 : (now - lastSampledAt) / 1000.0;
        for (Processors.ProcessorStatus status : processors.all()) {
            if (status.type().equals("subscribing")) {
                continue;
            }
            double handled = handled(status.name());
            Double before = lastHandled.put(status.name(), handled);
            double perSecond = before == null || seconds == 0 ? 0 : Math.max(0, handled - before) / seconds;
            Long lag = ProcessorBoard.lag(status, newest);
            Deque<Sample> series = samples.computeIfAbsent(status.name(), name -> new ArrayDeque<>());
            synchronized (series) {
                series.addLast(new Sample(now, lag, Math.round(perSecond * 10) / 10.0));
                while (series.size() > capacity) {
                    series.removeFirst();
                }
            }
            replays.observe(status);
        }
        lastSampledAt = now;
    }

    private double handled(String processor) {
        return registry.find(AxonMeterNames.EVENTS_HANDLED).tag(AxonMeterNames.PROCESSOR_TAG, processor).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** {@code at} in epoch milliseconds, as the chart wants it; {@code lag} null while no segment is claimed here. */
    record Sample(long at, Long lag, double handledPerSecond) {
    }
}
