package integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import app.EventshopApplication;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

/** Kafka: a KRaft broker inside the test JVM; messages read and sent with Kafka's plain clients. */
@EmbeddedKafka(kraft = true, partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"eventshop.kafka.enabled=true", "eventshop.arrivals.initial-backoff=200ms",
                "eventshop.arrivals.max-tries=5", "eventshop.kafka.partitions=3"})
@Import(FlakyRestocks.class)
@DirtiesContext
class KafkaRelayIT extends AbstractRelayIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EmbeddedKafkaBroker broker;

    private KafkaProducer<String, String> producer;

    @Override
    String broker() {
        return "kafka";
    }

    @Override
    List<Published> published() {
        List<Published> messages = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll("eventshop.events")) {
            Map<String, Object> envelope = parse(record.value());
            Map<String, String> headers = headers(record);
            assertThat(record.key()).isEqualTo(envelope.get("aggregateId"));
            assertThat(headers).containsEntry("eventId", (String) envelope.get("eventId"))
                    .containsEntry("eventType", (String) envelope.get("eventType"))
                    .containsKeys("correlationId", "source");
            messages.add(new Published((String) envelope.get("eventId"), (String) envelope.get("eventType"),
                    (String) envelope.get("aggregateType"), (String) envelope.get("aggregateId"),
                    ((Number) envelope.get("version")).longValue(), (String) envelope.get("timestamp"),
                    (Map<String, Object>) envelope.get("data"), (Map<String, Object>) envelope.get("metadata"),
                    record.value()));
        }
        return messages;
    }

    @Override
    void sendArrival(String key, Map<String, Object> message) {
        send(key, write(message));
    }

    @Override
    List<Map<String, String>> deadLetters() {
        List<Map<String, String>> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll("eventshop.stock-arrivals.dlq")) {
            Map<String, String> letter = new HashMap<>(headers(record));
            letter.put("error", letter.get("kafka_dlt-exception-message"));
            letter.put("value", record.value());
            dead.add(letter);
        }
        return dead;
    }

    @Test
    void aMessageThatIsNotJsonGoesToTheDeadLetterTopicWithItsValueErrorAndTime() {
        send("garbage", "this is not { json");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters())
                .anySatisfy(dead -> {
                    assertThat(dead.get("value")).isEqualTo("this is not { json");
                    assertThat(dead.get("error")).contains("not JSON");
                    assertThat(dead).containsKeys("kafka_dlt-original-timestamp", "kafka_dlt-original-offset");
                }));
    }

    @Test
    void listsThePublisherAndTheConsumer() {
        Map<String, Object> relays = http.getForObject("/api/admin/relays", Map.class);
        assertThat((List<Map<String, Object>>) relays.get("publishers")).singleElement().satisfies(publisher -> {
            assertThat(publisher).containsEntry("broker", "kafka").containsEntry("processor", "kafka-publisher")
                    .containsEntry("running", true);
            assertThat(publisher).containsKey("lag");
        });
        assertThat((List<Map<String, Object>>) relays.get("consumers")).singleElement().satisfies(consumer ->
                assertThat(consumer).containsEntry("broker", "kafka").containsEntry("running", true));
    }

    @Test
    void aReplayToABrokerThatIsOffIsAConflict() {
        Map<String, Object> window = Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z");
        ResponseEntity<Map> answer = http.postForEntity("/api/admin/relays/redis/replays", window, Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(answer.getHeaders().getContentType().toString()).contains("application/problem+json");
    }

    private void send(String key, String value) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producer = new KafkaProducer<>(props);
        }
        try {
            producer.send(new ProducerRecord<>("eventshop.stock-arrivals", key, value)).get();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    /** Every record of the topic from the start, partition by partition. */
    private List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> byPartition.computeIfAbsent(
                        new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>()).add(record));
            }
            partitions.forEach(partition -> records.addAll(byPartition.getOrDefault(partition, List.of())));
        }
        return records;
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (Exception notJson) {
            throw new AssertionError("not an envelope: " + json, notJson);
        }
    }

    private static String write(Map<String, Object> message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @AfterEach
    void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
