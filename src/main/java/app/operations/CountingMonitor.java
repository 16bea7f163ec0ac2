package app.operations;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

/**
 * Counts handled, failed and ignored messages and, if asked, times the handled ones, under Axon's meter names
 * ({@code <prefix>.successCounter}, {@code .failureCounter}, {@code .ignoredCounter}, {@code .successTimer}, renamed
 * by {@link AxonMeterNames}). Axon's own counting and timing monitors build every meter again for each message (a
 * builder, the meter filters and a registry lookup per meter, nine meters per message, most of them then dropped),
 * which took about 8 % of the app's CPU under load. Here the meters of a key are built once, on its first message,
 * and each message costs a map lookup and the increments.
 */
final class CountingMonitor implements MessageMonitor<Message<?>> {

    private final MeterRegistry registry;
    private final String prefix;
    private final Function<Message<?>, Object> key;
    private final Function<Object, Tags> tags;
    private final boolean timed;
    private final Timer allTimer;
    private final Map<Object, Meters> meters = new ConcurrentHashMap<>();

    private CountingMonitor(MeterRegistry registry, String prefix, Function<Message<?>, Object> key,
                            Function<Object, Tags> tags, boolean timed, boolean timeAll) {
        this.registry = registry;
        this.prefix = prefix;
        this.key = key;
        this.tags = tags;
        this.timed = timed;
        this.allTimer = timeAll ? Timer.builder(prefix + ".allTimer").register(registry) : null;
    }

    /** One set of meters tagged with the processor's name; handling that succeeded is timed. */
    static CountingMonitor forProcessor(MeterRegistry registry, String prefix, String tagKey, String processor) {
        Tags processorTags = Tags.of(tagKey, processor);
        return new CountingMonitor(registry, prefix, message -> processor, ignored -> processorTags, true, false);
    }

    /** Counters per payload type (tag {@code tagKey}: the type's simple name); with {@code timeAll} one timer for all. */
    static CountingMonitor byPayloadType(MeterRegistry registry, String prefix, String tagKey, boolean timeAll) {
        return new CountingMonitor(registry, prefix, Message::getPayloadType,
                type -> Tags.of(tagKey, ((Class<?>) type).getSimpleName()), false, timeAll);
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Meters counted = meters.computeIfAbsent(key.apply(message), this::register);
        long started = counted.timer != null || allTimer != null ? System.nanoTime() : 0;
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                counted.success.increment();
                long took = elapsedSince(started);
                if (counted.timer != null) {
                    counted.timer.record(took, TimeUnit.NANOSECONDS);
                }
                timeAll(took);
            }

            @Override
            public void reportFailure(Throwable cause) {
                counted.failure.increment();
                timeAll(elapsedSince(started));
            }

            @Override
            public void reportIgnored() {
                counted.ignored.increment();
                timeAll(elapsedSince(started));
            }
        };
    }

    private long elapsedSince(long started) {
        return started == 0 ? 0 : System.nanoTime() - started;
    }

    private void timeAll(long took) {
        if (allTimer != null) {
            allTimer.record(took, TimeUnit.NANOSECONDS);
        }
    }

    private Meters register(Object key) {
        Tags keyTags = tags.apply(key);
        return new Meters(
                Counter.builder(prefix + ".successCounter").tags(keyTags).register(registry),
                Counter.builder(prefix + ".failureCounter").tags(keyTags).register(registry),
                Counter.builder(prefix + ".ignoredCounter").tags(keyTags).register(registry),
                timed ? Timer.builder(prefix + ".successTimer").tags(keyTags).register(registry) : null);
    }

    private record Meters(Counter success, Counter failure, Counter ignored, Timer timer) {
    }
}
