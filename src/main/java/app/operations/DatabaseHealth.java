package app.operations;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code db} in {@code /actuator/health} and its readiness group. A background probe takes a pooled connection and
 * validates it every {@code eventshop.health.db-interval}; a health request only reads the last result, so it
 * answers at once even while the database hangs. DOWN when the last probe failed, when the probe under way has not
 * answered within {@code eventshop.health.db-probe-timeout} (a database that hangs or refuses makes the pool wait for
 * its connection timeout first), or when none has succeeded for {@code eventshop.health.db-stale-after}.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator, InitializingBean, DisposableBean {

    private static final int VALIDATION_TIMEOUT_SECONDS = 1;

    private final DataSource dataSource;
    private final Duration interval;
    private final Duration staleAfter;
    private final Duration probeTimeout;
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "db-health-probe");
        thread.setDaemon(true);
        return thread;
    });

    private volatile Instant lastSuccess;
    private volatile Instant lastProbe;
    private volatile Instant probeStarted;
    private volatile String lastError = "not probed yet";

    DatabaseHealth(DataSource dataSource,
                   @Value("${eventshop.health.db-interval:1s}") Duration interval,
                   @Value("${eventshop.health.db-stale-after:5s}") Duration staleAfter,
                   @Value("${eventshop.health.db-probe-timeout:2s}") Duration probeTimeout) {
        this.dataSource = dataSource;
        this.interval = interval;
        this.staleAfter = staleAfter;
        this.probeTimeout = probeTimeout;
    }

    @Override
    public void afterPropertiesSet() {
        probeNow();
        probe.scheduleWithFixedDelay(this::probeNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        probe.shutdownNow();
    }

    @Override
    public Health health() {
        Instant success = lastSuccess;
        Instant now = Instant.now();
        boolean fresh = success != null && Duration.between(success, now).compareTo(staleAfter) <= 0;
        Instant started = probeStarted;
        boolean hanging = started != null && Duration.between(started, now).compareTo(probeTimeout) > 0;
        Health.Builder builder = fresh && !hanging && lastError == null ? Health.up() : Health.down();
        builder.withDetail("validationQuery", "isValid()")
                .withDetail("lastSuccess", success == null ? "never" : success.toString())
                .withDetail("lastProbe", lastProbe == null ? "never" : lastProbe.toString());
        if (lastError != null) {
            builder.withDetail("error", lastError);
        } else if (hanging) {
            builder.withDetail("error", "the probe under way has not answered for "
                    + Duration.between(started, now).toMillis() + " ms");
        } else if (!fresh) {
            builder.withDetail("error", "no probe has answered for " + Duration.between(success, now).toSeconds() + " s");
        }
        return builder.build();
    }

    private void probeNow() {
        probeStarted = Instant.now();
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                lastSuccess = Instant.now();
                lastError = null;
            } else {
                lastError = "the connection did not validate within " + VALIDATION_TIMEOUT_SECONDS + " s";
            }
        } catch (Exception failure) {
            lastError = failure.toString();
        } finally {
            lastProbe = Instant.now();
            probeStarted = null;
        }
    }
}
