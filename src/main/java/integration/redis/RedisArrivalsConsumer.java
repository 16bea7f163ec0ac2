package integration.redis;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import integration.ArrivalSettings;
import integration.ArrivalsConsumer;
import integration.PoisonMessage;
import integration.StockArrival;
import integration.StockArrivals;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stock arrivals from the arrivals stream, consumer group {@code eventshop}, one consumer name per instance. An entry
 * is acknowledged (XACK) only after its command committed, or once it went to the dead stream. Entries that another
 * consumer read and left unacknowledged for {@code claimIdle} (it died) are taken over with XAUTOCLAIM; one delivered
 * {@code maxDeliveries} times already goes to the dead stream unhandled.
 */
@Component
@ConditionalOnProperty(name = "eventshop.redis.enabled", havingValue = "true")
class RedisArrivalsConsumer implements ArrivalsConsumer, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisArrivalsConsumer.class);
    static final String RETRIED = "eventshop.arrivals.retried";
    static final String DEAD_LETTERED = "eventshop.arrivals.dead.lettered";

    private final RedisStreams redis;
    private final RedisSettings settings;
    private final ArrivalSettings retries;
    private final StockArrivals arrivals;
    private final MeterRegistry registry;
    private final Consumer<String> me;
    private volatile boolean running;
    private volatile String lastError;
    private Thread thread;
    private String claimCursor = "0-0";

    RedisArrivalsConsumer(RedisStreams redis, RedisSettings settings, ArrivalSettings retries,
                          StockArrivals arrivals, MeterRegistry registry) {
        this.redis = redis;
        this.settings = settings;
        this.retries = retries;
        this.arrivals = arrivals;
        this.registry = registry;
        String name = settings.consumerName() == null || settings.consumerName().isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() : settings.consumerName();
        this.me = Consumer.from(settings.group(), name);
    }

    private void run() {
        boolean groupReady = false;
        while (running) {
            try {
                RedisCommands<String, String> commands = redis.consuming().sync();
                if (!groupReady) {
                    createGroup(commands);
                    groupReady = true;
                }
                claimAbandoned(commands);
                List<StreamMessage<String, String>> fresh = commands.xreadgroup(me,
                        XReadArgs.Builder.count(10).block(settings.readBlock()),
                        XReadArgs.StreamOffset.lastConsumed(settings.arrivalsStream()));
                for (StreamMessage<String, String> entry : fresh) {
                    handle(commands, entry);
                }
            } catch (RuntimeException failed) {
                if (!running) {
                    return;
                }
                lastError = failed.getClass().getSimpleName() + ": " + failed.getMessage();
                log.warn("Reading {} failed; trying again in a second", settings.arrivalsStream(), failed);
                pause(1000);
            }
        }
    }

    /** From the start of the stream, so that arrivals written before the first start are handled too. */
    private void createGroup(RedisCommands<String, String> commands) {
        try {
            commands.xgroupCreate(XReadArgs.StreamOffset.from(settings.arrivalsStream(), "0"), settings.group(),
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException exists) {
            log.debug("Consumer group {} exists", settings.group());
        }
    }

    private void claimAbandoned(RedisCommands<String, String> commands) {
        ClaimedMessages<String, String> claimed = commands.xautoclaim(settings.arrivalsStream(),
                XAutoClaimArgs.Builder.xautoclaim(me, settings.claimIdle(), claimCursor).count(10));
        claimCursor = claimed.getId();
        for (StreamMessage<String, String> entry : claimed.getMessages()) {
            long deliveries = deliveries(commands, entry.getId());
            log.info("Claimed {} from {} after {} deliveries", entry.getId(), settings.arrivalsStream(), deliveries);
            if (deliveries > settings.maxDeliveries()) {
                deadLetter(commands, entry, "Delivered " + deliveries + " times without being acknowledged");
            } else {
                handle(commands, entry);
            }
        }
    }

    private long deliveries(RedisCommands<String, String> commands, String id) {
        List<PendingMessage> pending = commands.xpending(settings.arrivalsStream(), settings.group(),
                Range.create(id, id), Limit.from(1));
        return pending.isEmpty() ? 0 : pending.get(0).getRedeliveryCount();
    }

    /** Tries the entry up to max-tries times with growing waits, then gives it to the dead stream. */
    private void handle(RedisCommands<String, String> commands, StreamMessage<String, String> entry) {
        for (int tries = 1; running; tries++) {
            try {
                arrivals.handle(StockArrival.fromFields(entry.getBody()), broker());
                commands.xack(settings.arrivalsStream(), settings.group(), entry.getId());
                return;
            } catch (PoisonMessage poison) {
                lastError = "PoisonMessage: " + poison.getMessage();
                deadLetter(commands, entry, poison.getMessage());
                return;
            } catch (RuntimeException failed) {
                lastError = failed.getClass().getSimpleName() + ": " + failed.getMessage();
                if (tries >= retries.maxTries()) {
                    deadLetter(commands, entry, lastError);
                    return;
                }
                registry.counter(RETRIED, "broker", broker()).increment();
                log.info("Arrival {} failed (try {}); trying again in {}", entry.getId(), tries,
                        retries.backoffAfter(tries), failed);
                pause(retries.backoffAfter(tries).toMillis());
            }
        }
    }

    /** The original fields, the error, the time and the original entry id; then the entry is acknowledged. */
    private void deadLetter(RedisCommands<String, String> commands, StreamMessage<String, String> entry,
                            String error) {
        Map<String, String> dead = new LinkedHashMap<>(entry.getBody());
        dead.put("error", error == null ? "unknown" : error);
        dead.put("failedAt", Instant.now().toString());
        dead.put("originalId", entry.getId());
        commands.xadd(settings.deadStream(), dead);
        commands.xack(settings.arrivalsStream(), settings.group(), entry.getId());
        registry.counter(DEAD_LETTERED, "broker", broker()).increment();
        log.warn("Arrival {} went to {}: {}", entry.getId(), settings.deadStream(), error);
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "redis-stock-arrivals");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String broker() {
        return "redis";
    }

    @Override
    public boolean running() {
        return running && thread != null && thread.isAlive();
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stream", settings.arrivalsStream());
        details.put("group", settings.group());
        details.put("consumer", me.getName());
        details.put("deadStream", settings.deadStream());
        try {
            // not on the consuming connection, whose blocking read would hold this up
            details.put("deadLetters", redis.publishing().sync().xlen(settings.deadStream()));
        } catch (RuntimeException unreachable) {
            details.put("deadLetters", null);
        }
        return details;
    }
}
