package integration.kafka;

import app.console.ConsoleRelay;
import integration.ArrivalSettings;
import integration.PoisonMessage;
import integration.Relays;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Kafka, when {@code eventshop.kafka.enabled} is true: the topics, and the error handling of the arrivals listener.
 * Spring Boot's listener container factory picks the error handler up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "eventshop.kafka.enabled", havingValue = "true")
@EnableConfigurationProperties(KafkaSettings.class)
class KafkaConfig {

    static final String RETRIED = "eventshop.arrivals.retried";
    static final String DEAD_LETTERED = "eventshop.arrivals.dead.lettered";

    @Bean
    ConsoleRelay kafkaOnConsole(Relays relays) {
        return () -> relays.consoleStatus("kafka");
    }

    @Bean
    @ConditionalOnProperty(name = "eventshop.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics eventshopTopics(KafkaSettings settings) {
        return new KafkaAdmin.NewTopics(
                topic(settings.eventsTopic(), settings),
                topic(settings.arrivalsTopic(), settings),
                topic(settings.deadLetterTopic(), settings));
    }

    private static NewTopic topic(String name, KafkaSettings settings) {
        return TopicBuilder.name(name).partitions(settings.partitions()).replicas(settings.replicationFactor()).build();
    }

    /**
     * A failure is retried on the same record after 1 s, 2 s, 4 s, 8 s (by default); then, and at once for poison, the
     * record goes to the dead-letter topic with the error and the original topic, partition, offset and time in its
     * headers, and the partition moves on.
     */
    @Bean
    DefaultErrorHandler arrivalsErrorHandler(KafkaTemplate<Object, Object> template, KafkaSettings settings,
                                             ArrivalSettings arrivals, MeterRegistry registry) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(settings.deadLetterTopic(), -1));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(arrivals.maxTries() - 1);
        backOff.setInitialInterval(arrivals.initialBackoff().toMillis());
        backOff.setMultiplier(arrivals.multiplier());
        backOff.setMaxInterval(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PoisonMessage.class);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
                if (deliveryAttempt < arrivals.maxTries() && !isPoison(failure)) {
                    registry.counter(RETRIED, "broker", "kafka").increment();
                }
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
                registry.counter(DEAD_LETTERED, "broker", "kafka").increment();
            }
        });
        return handler;
    }

    private static boolean isPoison(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonMessage) {
                return true;
            }
        }
        return false;
    }
}
