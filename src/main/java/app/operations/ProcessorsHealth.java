package app.operations;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code processors} in {@code /actuator/health}: each event processor running or not, in error or not. DOWN when a
 * processor has stopped or is in error (it retries by itself; the status says it is not keeping up meanwhile).
 */
@Component("processorsHealthIndicator")
class ProcessorsHealth extends AbstractHealthIndicator {

    private final Processors processors;

    ProcessorsHealth(Processors processors) {
        super("Event processor health check failed");
        this.processors = processors;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean healthy = true;
        for (Processors.ProcessorStatus status : processors.all()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("running", status.running());
            detail.put("error", status.error());
            if (status.errorMessage() != null) {
                detail.put("errorMessage", status.errorMessage());
            }
            if (status.replaying()) {
                detail.put("replaying", true);
            }
            details.put(status.name(), detail);
            healthy &= status.running() && !status.error();
        }
        (healthy ? builder.up() : builder.down()).withDetails(details);
    }
}
