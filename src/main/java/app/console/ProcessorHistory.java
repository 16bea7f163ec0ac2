package app.console;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import app.operations.Processors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The last minutes of each processor's lag and throughput, sampled in the background so that the chart has a past
 * when the page opens. Throughput comes from Axon's own counter of handled events, so it counts what the processor
 * did, not how far its token moved. Kept in memory: it describes this instance, and a restart starts it afresh.
 */
@Component
class ProcessorHistory implements SmartLifecycle {

    static final String HANDLED = "eventProcessor.successCounter";
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
    private ScheduledExecutorService executor;

    ProcessorHistory(Processors processors, StoreHead head, MeterRegistry registry, Replays replays,
                     @Value("${eventshop.console.sample-interval:2s}") Duration interval,
                     @Value("${eventshop.console.history:5m}") Duration history) {
        this.processors = processors;
        this.head = head;
        this.registry = registry;
        this.replays = replays;
        this.interval = interval;
        this.capacity = (int) Math.max(2, history.toMillis() / interval.toMillis());
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "console-sampler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sampleSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** After Axon's event processors (phase {@code Integer.MAX_VALUE / 2}): before them there is nothing to chart. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 + 1;
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

    private void sampleSafely() {
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
        return registry.find(HANDLED).tag("processorName", processor).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** {@code at} in epoch milliseconds, as the chart wants it; {@code lag} null while no segment is claimed here. */
    record Sample(long at, Long lag, double handledPerSecond) {
    }
}
