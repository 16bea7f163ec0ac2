package app;

import org.axonframework.springboot.autoconfig.AxonTimeoutAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

// Axon's time limits on units of work are kept by app.axon.UnitOfWorkTimeLimits instead (TimeLimitConfig)
@SpringBootApplication(scanBasePackages = {"app", "orders", "payments", "inventory", "query", "integration"},
        exclude = AxonTimeoutAutoConfiguration.class)
@EntityScan(basePackages = {
        "orders", "payments", "inventory", "query",
        // listing packages replaces the default scan, so Axon's own entities are named too
        "org.axonframework.eventsourcing.eventstore.jpa",
        "org.axonframework.eventhandling.tokenstore.jpa",
        "org.axonframework.modelling.saga.repository.jpa",
        "org.axonframework.eventhandling.deadletter.jpa"})
@EnableJpaRepositories(basePackages = {"orders", "payments", "inventory", "query"})
public class EventshopApplication {

    public static void main(String[] args) {
        disableAxonUpdateCheckUnlessAsked();
        SpringApplication.run(EventshopApplication.class, args);
    }

    /**
     * Axon asks a server on the internet for updates at start-up and logs stack traces when it cannot reach
     * it. Off unless {@code -Daxoniq.update-checker.disabled=false} or the environment variable says otherwise.
     */
    static void disableAxonUpdateCheckUnlessAsked() {
        if (System.getProperty("axoniq.update-checker.disabled") == null
                && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }
}
