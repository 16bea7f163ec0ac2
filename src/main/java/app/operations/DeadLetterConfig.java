package app.operations;

import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every processing group in {@code eventshop.dead-letters.processing-groups} gets a JPA dead-letter queue
 * ({@code dead_letter_entry}) and the {@link BackoffPolicy}. A handler that throws parks its event's sequence (the
 * events of one aggregate); later events of that aggregate queue up behind it, all other events go on. This needs the
 * failure to reach the dead-lettering invoker, which the project's default {@code PropagatingErrorHandler} does (a
 * logging error handler would swallow it and nothing would be parked).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadLetterSettings.class)
class DeadLetterConfig {

    @Bean
    DeadLetterGroups deadLetterGroups(DeadLetterSettings settings, MeterRegistry registry) {
        return new DeadLetterGroups(settings, Clock.systemUTC(), registry);
    }

    @Bean
    ConfigurerModule deadLetterQueues(DeadLetterSettings settings, DeadLetterGroups groups) {
        return configurer -> settings.processingGroups()
                .forEach(group -> groups.register(configurer.eventProcessing(), group));
    }

    @Bean
    HandlerEnhancerDefinition savepointsAfterAFailedBatch(DataSource dataSource, DeadLetterSettings settings,
                                                          DeadLetterGroups groups) {
        return new SavepointsAfterAFailedBatch(dataSource, groups, settings.savepointPerEvent());
    }

    @Bean
    DeadLetterRetrier deadLetterRetrier(DeadLetters deadLetters, DeadLetterSettings settings) {
        return new DeadLetterRetrier(deadLetters, settings.retryInterval());
    }
}
