package integration.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import integration.ArrivalsConsumer;
import integration.StockArrival;
import integration.StockArrivals;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Stock arrivals from the arrivals topic, consumer group {@code eventshop}. The offset is committed after the record
 * was handled (the container's default); a failure goes to the error handler of {@link KafkaConfig}.
 */
@Component
@ConditionalOnProperty(name = "eventshop.kafka.enabled", havingValue = "true")
class KafkaArrivalsListener implements ArrivalsConsumer {

    static final String LISTENER_ID = "kafka-stock-arrivals";

    private final StockArrivals arrivals;
    private final KafkaSettings settings;
    private final KafkaListenerEndpointRegistry listeners;
    private final ConsumerFactory<?, ?> consumers;
    private volatile String lastError;

    KafkaArrivalsListener(StockArrivals arrivals, KafkaSettings settings, KafkaListenerEndpointRegistry listeners,
                          ConsumerFactory<?, ?> consumers) {
        this.arrivals = arrivals;
        this.settings = settings;
        this.listeners = listeners;
        this.consumers = consumers;
    }

    @KafkaListener(id = LISTENER_ID, topics = "${eventshop.kafka.arrivals-topic:eventshop.stock-arrivals}",
            groupId = "${eventshop.kafka.group:eventshop}")
    void on(ConsumerRecord<String, String> record) {
        try {
            arrivals.handle(StockArrival.fromJson(record.value()), broker());
        } catch (RuntimeException failed) {
            lastError = failed.getClass().getSimpleName() + ": " + failed.getMessage();
            throw failed;
        }
    }

    @Override
    public String broker() {
        return "kafka";
    }

    @Override
    public boolean running() {
        MessageListenerContainer container = listeners.getListenerContainer(LISTENER_ID);
        return container != null && container.isRunning();
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", settings.arrivalsTopic());
        details.put("group", settings.group());
        details.put("deadLetterTopic", settings.deadLetterTopic());
        details.put("deadLetters", deadLetters());
        return details;
    }

    /** Records on the dead-letter topic (the broker's retention decides how long they stay); null when unknown. */
    private Long deadLetters() {
        try (Consumer<?, ?> consumer = consumers.createConsumer(settings.group() + "-status", "status")) {
            List<TopicPartition> partitions = consumer.partitionsFor(settings.deadLetterTopic(), Duration.ofSeconds(2))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(2));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(2));
            return partitions.stream().mapToLong(partition -> end.get(partition) - begin.get(partition)).sum();
        } catch (RuntimeException unreachable) {
            return null;
        }
    }
}
