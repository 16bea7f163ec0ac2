package app.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deadlines (the saga's timeouts) live in db-scheduler's table, written in the transaction that schedules or cancels
 * them: one insert and one delete for a whole unit of work. Takes the place of the manager Axon's auto-configuration
 * would make, with its arguments.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfig {

    /**
     * Typed as Axon's db-scheduler manager: Axon's task that fires deadlines looks the manager up by that type.
     */
    @Bean
    DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler, org.axonframework.config.Configuration axon,
                                               @Qualifier("eventSerializer") Serializer serializer,
                                               TransactionManager transactionManager,
                                               DeadlineManagerSpanFactory spanFactory, JdbcTemplate jdbc,
                                               @Value("${db-scheduler.table-name}") String tableName) {
        return new OneStatementDeadlineManager(scheduler, new ConfigurationScopeAwareProvider(axon), serializer,
                transactionManager, spanFactory, jdbc, tableName);
    }
}
