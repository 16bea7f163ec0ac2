package integration;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import app.console.ConsoleRelay;
import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The publishers and consumers of the brokers that are switched on, as an operator sees them. */
@Component
public class Relays {

    private final List<BrokerPublisher> publishers;
    private final List<ArrivalsConsumer> consumers;
    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    Relays(List<BrokerPublisher> publishers, List<ArrivalsConsumer> consumers, EventProcessingConfiguration processing,
           JdbcTemplate jdbc) {
        this.publishers = publishers.stream().sorted(Comparator.comparing(BrokerPublisher::broker)).toList();
        this.consumers = consumers.stream().sorted(Comparator.comparing(ArrivalsConsumer::broker)).toList();
        this.processing = processing;
        this.jdbc = jdbc;
    }

    public Optional<BrokerPublisher> publisher(String broker) {
        return publishers.stream().filter(publisher -> publisher.broker().equals(broker)).findFirst();
    }

    public RelayStatus status() {
        Long stored = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        long head = stored == null ? 0 : stored;
        return new RelayStatus(
                publishers.stream().map(publisher -> publisherStatus(publisher, head)).toList(),
                consumers.stream().map(consumer -> new ConsumerStatus(consumer.broker(), consumer.running(),
                        consumer.lastError(), consumer.details())).toList());
    }

    /**
     * One broker's relay as the operator console shows it: where its publisher sends the stored events, whether it
     * delivers, and what its stock-arrivals consumer could not handle.
     */
    public ConsoleRelay.RelayStatus consoleStatus(String broker) {
        RelayStatus status = status();
        Optional<PublisherStatus> publisher = status.publishers().stream()
                .filter(candidate -> candidate.broker().equals(broker)).findFirst();
        Optional<ConsumerStatus> consumer = status.consumers().stream()
                .filter(candidate -> candidate.broker().equals(broker)).findFirst();
        Map<String, Object> out = publisher.map(PublisherStatus::details).orElse(Map.of());
        Map<String, Object> in = consumer.map(ConsumerStatus::details).orElse(Map.of());
        Object deadLetters = in.get("deadLetters");
        return new ConsoleRelay.RelayStatus(broker, publisher.map(PublisherStatus::processor).orElse(null),
                (String) (out.containsKey("topic") ? out.get("topic") : out.get("stream")),
                publisher.map(found -> found.running() && !found.error()).orElse(false),
                deadLetters instanceof Number count ? count.longValue() : null,
                (String) (in.containsKey("deadLetterTopic") ? in.get("deadLetterTopic") : in.get("deadStream")),
                Stream.of(publisher.map(PublisherStatus::lastError), consumer.map(ConsumerStatus::lastError))
                        .flatMap(Optional::stream).filter(Objects::nonNull).findFirst().orElse(null));
    }

    private PublisherStatus publisherStatus(BrokerPublisher publisher, long head) {
        Optional<EventProcessor> found = processing.eventProcessor(publisher.processingGroup());
        if (found.isEmpty() || !(found.get() instanceof StreamingEventProcessor processor)) {
            return new PublisherStatus(publisher.broker(), publisher.processingGroup(), false, true, null, null,
                    "no such processor", publisher.details());
        }
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        OptionalLong position = segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
        String error = segments.values().stream()
                .filter(EventTrackerStatus::isErrorState)
                .map(status -> status.getError() == null ? "error" : status.getError().getMessage())
                .findFirst().orElse(null);
        Long lag = segments.isEmpty() ? null : Math.max(0, head - position.orElse(0));
        return new PublisherStatus(publisher.broker(), publisher.processingGroup(), processor.isRunning(),
                processor.isError() || error != null, position.isPresent() ? position.getAsLong() : null, lag,
                error, publisher.details());
    }

    /** {@code lag}: events stored after the publisher's position (null while no segment is claimed here). */
    public record PublisherStatus(String broker, String processor, boolean running, boolean error, Long position,
                                  Long lag, String lastError,
                                  @Schema(description = "where it publishes", example = "{\"topic\": \"eventshop.events\"}")
                                  Map<String, Object> details) {
    }

    public record ConsumerStatus(String broker, boolean running, String lastError,
                                 @Schema(description = "where it reads and where its dead letters go, and how many",
                                         example = "{\"topic\": \"eventshop.stock-arrivals\", \"group\": \"eventshop\","
                                                 + " \"deadLetterTopic\": \"eventshop.stock-arrivals.dlq\","
                                                 + " \"deadLetters\": 0}")
                                 Map<String, Object> details) {
    }

    public record RelayStatus(List<PublisherStatus> publishers, List<ConsumerStatus> consumers) {
    }
}
