package app.operations;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;

/** The processing groups that have a dead-letter queue, and how one is given to a group. */
final class DeadLetterGroups {

    static final String FAILURES = "eventshop.event.handling.failures";

    private final Set<String> groups = new ConcurrentSkipListSet<>();
    private final DeadLetterSettings settings;
    private final Clock clock;
    private final MeterRegistry registry;

    DeadLetterGroups(DeadLetterSettings settings, Clock clock, MeterRegistry registry) {
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * A JPA queue in the read side's database, written in the same transaction as the group's rows and token. Before
     * handling an event the invoker asks whether its sequence is parked; the sequence identifier cache answers that
     * from memory for sequences it knows are not, instead of a query per event.
     */
    void register(EventProcessingConfigurer processing, String group) {
        groups.add(group);
        Counter failures = Counter.builder(FAILURES)
                .description("Failed attempts to handle an event (first tries and retries) that ended in a dead letter")
                .tag("group", group)
                .register(registry);
        BackoffPolicy policy = new BackoffPolicy(settings, clock, failures::increment);
        processing.registerDeadLetterQueue(group, configuration -> JpaSequencedDeadLetterQueue.builder()
                        .processingGroup(group)
                        .entityManagerProvider(configuration.getComponent(EntityManagerProvider.class))
                        .transactionManager(configuration.getComponent(TransactionManager.class))
                        .eventSerializer(configuration.eventSerializer())
                        .genericSerializer(configuration.serializer())
                        .build())
                .registerDeadLetterPolicy(group, configuration -> policy)
                .registerDeadLetteringEventHandlerInvokerConfiguration(group,
                        (configuration, invoker) -> invoker.enableSequenceIdentifierCache());
    }

    boolean contains(String group) {
        return groups.contains(group);
    }

    Set<String> names() {
        return new TreeSet<>(groups);
    }
}
