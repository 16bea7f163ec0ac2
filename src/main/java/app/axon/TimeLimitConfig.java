package app.axon;

import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.springboot.TimeoutProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's time limits on units of work, kept by {@link UnitOfWorkTimeLimits} instead of Axon's own interceptor (its
 * auto-configuration is left out, {@code app.EventshopApplication}): the same settings with the same defaults
 * ({@code axon.timeout.transaction.*}: a warning after 10 s, interrupted after 60 s unless set otherwise), on the same
 * components: every command, query, event processor batch and deadline. {@code axon.timeout.enabled=false} turns
 * them off, as in Axon. Axon's limits on each handler call within a unit of work ({@code axon.timeout.handler.*})
 * are not applied: every handler here runs within a limited unit of work.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimeoutProperties.class)
@ConditionalOnProperty(prefix = "axon.timeout", name = "enabled", havingValue = "true", matchIfMissing = true)
class TimeLimitConfig {

    @Bean
    UnitOfWorkTimeLimits unitOfWorkTimeLimits() {
        return new UnitOfWorkTimeLimits();
    }

    @Bean
    ConfigurerModule unitOfWorkTimeLimitsModule(UnitOfWorkTimeLimits limits, TimeoutProperties properties) {
        TimeoutProperties.TransactionTimeoutProperties settings = properties.getTransaction();
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.eventProcessing().registerDefaultHandlerInterceptor((axon, processor) ->
                        limits.interceptor("EventProcessor " + processor,
                                settings.getEventProcessor().getOrDefault(processor, settings.getEventProcessors())));
                // the buses exist only once the configuration is built; Axon's own module registers them here too
                configurer.onStart(Integer.MIN_VALUE, () -> {
                    org.axonframework.config.Configuration axon = configurer.buildConfiguration();
                    axon.commandBus().registerHandlerInterceptor(
                            limits.interceptor("CommandBus", settings.getCommandBus()));
                    axon.queryBus().registerHandlerInterceptor(
                            limits.interceptor("QueryBus", settings.getQueryBus()));
                    axon.deadlineManager().registerHandlerInterceptor(
                            limits.interceptor("DeadlineManager", settings.getDeadline()));
                });
            }

            @Override
            public int order() {
                return Integer.MIN_VALUE;
            }
        };
    }
}
