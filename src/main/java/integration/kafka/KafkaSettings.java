package integration.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventshop.kafka.*}. The connection itself is Spring Boot's ({@code spring.kafka.bootstrap-servers} and the
 * rest of {@code spring.kafka.*}). Topics are created at start-up when {@code createTopics} is true; the dead-letter
 * topic of arrivals is the arrivals topic with {@code .dlq} appended.
 */
@ConfigurationProperties("eventshop.kafka")
record KafkaSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("eventshop.events") String eventsTopic,
        @DefaultValue("eventshop.stock-arrivals") String arrivalsTopic,
        @DefaultValue("eventshop") String group,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("30s") Duration ackTimeout) {

    String deadLetterTopic() {
        return arrivalsTopic + ".dlq";
    }
}
