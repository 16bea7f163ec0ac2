package app.operations;

import static app.operations.AxonMessageMonitors.COMMANDS;
import static app.operations.AxonMessageMonitors.EVENTS;
import static app.operations.AxonMessageMonitors.PROCESSOR;
import static app.operations.AxonMessageMonitors.QUERIES;
import static java.util.Map.entry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.axonframework.micrometer.TagsUtil;
import org.springframework.stereotype.Component;

/**
 * Prometheus names for Axon's meters: Axon names them {@code <prefix>.successCounter}, {@code .failureTimer} and so
 * on, with camelCase tags and no help text. Here each meter an operator reads gets a name under {@code axon.}, snake
 * case tags and a description; the ones that repeat another (ingested = handled + failed + ignored) or time what
 * nobody reads are dropped. Timers publish a few fixed buckets instead of Axon's client-side percentiles, so that
 * quantiles are computed by Prometheus and add up across instances. Also gives the help text Spring's HTTP and Tomcat
 * meters lack.
 */
@Component
public class AxonMeterNames implements MeterFilter {

    /** Events an event processor handled, a counter tagged {@link #PROCESSOR_TAG}. */
    public static final String EVENTS_HANDLED = "axon.processor.events.handled";
    public static final String PROCESSOR_TAG = "processor";

    /** Handling one event or command takes about a millisecond here; the upper buckets catch lock waits and I/O. */
    static final List<Duration> BUCKETS = Stream.of(1, 5, 25, 100, 500, 2500).map(Duration::ofMillis).toList();

    private record Name(String name, String description) {
    }

    private static final Map<String, Name> RENAMED = Map.ofEntries(
            entry(PROCESSOR + ".successCounter", new Name(EVENTS_HANDLED,
                    "Events an event processor's handlers handled")),
            entry(PROCESSOR + ".failureCounter", new Name("axon.processor.events.failed",
                    "Events whose handling failed an event processor's batch (it is rolled back and retried)")),
            entry(PROCESSOR + ".ignoredCounter", new Name("axon.processor.events.ignored",
                    "Events an event processor read that none of its handlers handles")),
            entry(PROCESSOR + ".successTimer", new Name("axon.processor.event.handling",
                    "Time an event processor took to handle one event, successful handling only")),
            entry(EVENTS + ".successCounter", new Name("axon.events.appended",
                    "Events appended to the event store (their transaction committed), by payload type")),
            entry(EVENTS + ".failureCounter", new Name("axon.events.rolled.back",
                    "Events published in a transaction that rolled back, so never stored, by payload type")),
            entry(COMMANDS + ".successCounter", new Name("axon.commands.handled",
                    "Commands handled without an exception, by payload type")),
            entry(COMMANDS + ".failureCounter", new Name("axon.commands.failed",
                    "Commands whose handler threw (rule violations included), by payload type")),
            entry(COMMANDS + ".allTimer", new Name("axon.command.handling",
                    "Time from dispatching a command to its result, every command type")),
            entry(QUERIES + ".successCounter", new Name("axon.queries.handled",
                    "Queries answered without an exception, by payload type")),
            entry(QUERIES + ".failureCounter", new Name("axon.queries.failed",
                    "Queries whose handler threw, by payload type")),
            entry(QUERIES + ".allTimer", new Name("axon.query.handling",
                    "Time from dispatching a query to its answer, every query type")));

    private static final Set<String> DROPPED = Set.of(
            PROCESSOR + ".ingestedCounter", PROCESSOR + ".processedCounter",
            PROCESSOR + ".allTimer", PROCESSOR + ".failureTimer", PROCESSOR + ".ignoredTimer",
            EVENTS + ".ingestedCounter", EVENTS + ".processedCounter", EVENTS + ".ignoredCounter",
            COMMANDS + ".ingestedCounter", COMMANDS + ".processedCounter", COMMANDS + ".ignoredCounter",
            COMMANDS + ".successTimer", COMMANDS + ".failureTimer", COMMANDS + ".ignoredTimer",
            QUERIES + ".ingestedCounter", QUERIES + ".processedCounter", QUERIES + ".ignoredCounter",
            QUERIES + ".successTimer", QUERIES + ".failureTimer", QUERIES + ".ignoredTimer");

    private static final Map<String, String> TAGS = Map.of(
            TagsUtil.PROCESSOR_NAME_TAG, PROCESSOR_TAG,
            TagsUtil.PAYLOAD_TYPE_TAG, "payload_type");

    private static final Map<String, String> MISSING_DESCRIPTIONS = Map.of(
            "http.server.requests", "HTTP requests served, by method, URI template, status and outcome",
            "http.server.requests.active", "HTTP requests being served now",
            "http.client.requests", "HTTP requests sent, by method, URI template, status and outcome",
            "http.client.requests.active", "HTTP requests sent and not answered yet",
            "tomcat.sessions.active.current", "HTTP sessions active now",
            "tomcat.sessions.active.max", "Most HTTP sessions active at once",
            "tomcat.sessions.alive.max", "Longest time an expired HTTP session was alive",
            "tomcat.sessions.created", "HTTP sessions created",
            "tomcat.sessions.expired", "HTTP sessions expired",
            "tomcat.sessions.rejected", "HTTP sessions refused because the maximum was reached");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return DROPPED.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        Name renamed = RENAMED.get(id.getName());
        if (renamed != null) {
            return new Meter.Id(renamed.name(), snakeCaseTags(id), id.getBaseUnit(), renamed.description(),
                    id.getType());
        }
        String description = MISSING_DESCRIPTIONS.get(id.getName());
        if (description != null && id.getDescription() == null) {
            return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
                    id.getType());
        }
        return id;
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("axon.")) {
            return config;
        }
        return DistributionStatisticConfig.builder()
                .percentiles()
                .percentilesHistogram(false)
                .serviceLevelObjectives(BUCKETS.stream().mapToDouble(Duration::toNanos).toArray())
                .build()
                .merge(config);
    }

    private static Tags snakeCaseTags(Meter.Id id) {
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            tags.add(Tag.of(TAGS.getOrDefault(tag.getKey(), tag.getKey()), tag.getValue()));
        }
        return Tags.of(tags);
    }
}
