package integration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Drops handled message ids older than {@code eventshop.arrivals.processed-retention}, every prune interval. */
@Component
@EnableConfigurationProperties(ArrivalSettings.class)
class ProcessedMessagesPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessedMessagesPruner.class);

    private final JdbcTemplate jdbc;
    private final ArrivalSettings settings;
    private ScheduledExecutorService executor;

    ProcessedMessagesPruner(JdbcTemplate jdbc, ArrivalSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    int prune() {
        return jdbc.update("delete from processed_messages where processed_at < ?",
                Timestamp.from(Instant.now().minus(settings.processedRetention())));
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "processed-messages-pruner");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pruneInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                int pruned = prune();
                if (pruned > 0) {
                    log.info("Pruned {} handled message ids older than {}", pruned, settings.processedRetention());
                }
            } catch (RuntimeException failed) {
                log.warn("Pruning handled message ids failed; trying again in {}", settings.pruneInterval(), failed);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
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
}
