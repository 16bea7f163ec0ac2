package app.operations;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import app.IntegrationTest;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import payments.api.MoneyDeposited;
import query.BatchDrill;

/**
 * A projection for tests only, in the shared test application (component scanning finds it): it sums the
 * deposits per customer, in its own dead-lettering processing group, and fails with an SQL error (the kind that
 * leaves a PostgreSQL transaction unusable) for the customers a test marks as failing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(IntegrationTest.DRILLS)
public class DeadLetterDrill {

    public static final String GROUP = "dead-letter-drill";

    private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    private static final Map<String, Deposit> DEPOSITS = new ConcurrentHashMap<>();

    public static void failFor(String customerId) {
        FAILING.add(customerId);
    }

    public static void recoverFor(String customerId) {
        FAILING.remove(customerId);
    }

    public static BigDecimal deposited(String customerId) {
        return DEPOSITS.values().stream().filter(deposit -> deposit.customerId().equals(customerId))
                .map(Deposit::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Also the dead-letter queue of query's drill, which cannot reach this package's wiring. */
    @Bean
    ConfigurerModule deadLetterDrillQueue(DeadLetterGroups groups) {
        return configurer -> {
            groups.register(configurer.eventProcessing(), GROUP);
            groups.register(configurer.eventProcessing(), BatchDrill.GROUP);
        };
    }

    @Bean
    DrillProjection deadLetterDrillProjection(JdbcTemplate jdbc) {
        return new DrillProjection(jdbc);
    }

    @ProcessingGroup(GROUP)
    static class DrillProjection {

        private final JdbcTemplate jdbc;

        DrillProjection(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @EventHandler
        void on(MoneyDeposited event, EventMessage<?> message) {
            if (FAILING.contains(event.customerId())) {
                jdbc.queryForObject("select 1 / 0", Integer.class);
            }
            DEPOSITS.put(message.getIdentifier(), new Deposit(event.customerId(), event.amount()));
        }
    }

    record Deposit(String customerId, BigDecimal amount) {
    }
}
