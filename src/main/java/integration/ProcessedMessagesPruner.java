package integration;

import java.sql.Timestamp;
import java.time.Instant;

import app.operations.RepeatingTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Drops handled message ids older than {@code eventshop.arrivals.processed-retention}, every prune interval. */
@Component
@EnableConfigurationProperties(ArrivalSettings.class)
class ProcessedMessagesPruner extends RepeatingTask {

    private static final Logger log = LoggerFactory.getLogger(ProcessedMessagesPruner.class);

    private final JdbcTemplate jdbc;
    private final ArrivalSettings settings;

    ProcessedMessagesPruner(JdbcTemplate jdbc, ArrivalSettings settings) {
        super("processed-messages-pruner", settings.pruneInterval(), settings.pruneInterval());
        this.jdbc = jdbc;
        this.settings = settings;
    }

    int prune() {
        return jdbc.update("delete from processed_messages where processed_at < ?",
                Timestamp.from(Instant.now().minus(settings.processedRetention())));
    }

    @Override
    protected void runOnce() {
        int pruned = prune();
        if (pruned > 0) {
            log.info("Pruned {} handled message ids older than {}", pruned, settings.processedRetention());
        }
    }
}
