package app.operations;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Reads, retries and evicts the dead letters of every group that has a queue. */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final EventProcessingConfiguration processing;
    private final DeadLetterGroups groups;
    private final TransactionManager transactions;
    private final Clock clock = Clock.systemUTC();

    DeadLetters(EventProcessingConfiguration processing, DeadLetterGroups groups, TransactionManager transactions) {
        this.processing = processing;
        this.groups = groups;
        this.transactions = transactions;
    }

    List<String> groups() {
        return List.copyOf(groups.names());
    }

    boolean hasQueue(String group) {
        return queue(group).isPresent();
    }

    long size(String group) {
        return queue(group).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    List<Sequence> sequences(String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group).orElseThrow();
        return transactions.fetchInTransaction(() -> {
            List<Sequence> sequences = new ArrayList<>();
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                List<Letter> letters = new ArrayList<>();
                String sequenceId = null;
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (sequenceId == null) {
                        sequenceId = sequenceIdOf(letter);
                    }
                    letters.add(Letter.of(letter));
                }
                if (!letters.isEmpty()) {
                    sequences.add(new Sequence(sequenceId, letters));
                }
            }
            return sequences;
        });
    }

    /** The scheduled retry: each sequence whose first letter's backoff has passed, parked ones left alone. */
    int retryDue(String group) {
        Instant now = clock.instant();
        return retry(group, letter -> BackoffPolicy.isDue(letter, now));
    }

    /** An operator's retry: every sequence of the group, parked ones too. */
    int retryAll(String group) {
        return retry(group, letter -> true);
    }

    /**
     * Tries each sequence at most once per call. A sequence whose letters all succeed is gone from the queue; one
     * that fails again stays, with its diagnostics updated by the policy.
     */
    private int retry(String group, Predicate<DeadLetter<? extends EventMessage<?>>> filter) {
        Optional<SequencedDeadLetterProcessor<EventMessage<?>>> processor = processing.sequencedDeadLetterProcessor(group);
        if (processor.isEmpty()) {
            return 0;
        }
        int succeeded = 0;
        for (Sequence sequence : sequences(group)) {
            String head = sequence.letters().get(0).eventId();
            if (processor.get().process(letter -> letter.message().getIdentifier().equals(head)
                    && filter.test(letter))) {
                succeeded++;
            }
        }
        return succeeded;
    }

    /** Removes a whole sequence: its events will never be applied by this group unless it is replayed. */
    boolean evict(String group, String sequenceId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group).orElseThrow();
        return transactions.fetchInTransaction(() -> {
            if (!queue.contains(sequenceId)) {
                return false;
            }
            int evicted = 0;
            for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequenceId)) {
                queue.evict(letter);
                evicted++;
            }
            log.warn("Evicted {} dead letter(s) of sequence {} from processing group {} on request", evicted,
                    sequenceId, group);
            return true;
        });
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue(String group) {
        return groups.contains(group) ? processing.deadLetterQueue(group) : Optional.empty();
    }

    private static String sequenceIdOf(DeadLetter<?> letter) {
        if (letter instanceof JpaDeadLetter<?> jpa) {
            return jpa.getSequenceIdentifier();
        }
        return letter.message() instanceof DomainEventMessage<?> event ? event.getAggregateIdentifier()
                : letter.message().getIdentifier();
    }

    /** One parked sequence: the events of one aggregate, oldest first. */
    record Sequence(String sequenceId, List<Letter> letters) {
    }

    /**
     * One dead letter. {@code tries} counts handling attempts (the first failure and each failed retry) of the
     * letter that failed; letters queued behind it have not been tried ({@code tries} 0). {@code backoffMillis} is
     * the wait between the last try and {@code nextAttempt}.
     */
    record Letter(String eventId, String eventType, String aggregateId, Long aggregateVersion, Instant timestamp,
                  String causeType, String causeMessage, Instant firstTry, Instant lastTry, int tries,
                  Long backoffMillis, Instant nextAttempt, boolean parked) {

        static Letter of(DeadLetter<? extends EventMessage<?>> letter) {
            EventMessage<?> event = letter.message();
            DomainEventMessage<?> domainEvent = event instanceof DomainEventMessage<?> domain ? domain : null;
            boolean tried = letter.diagnostics().containsKey(BackoffPolicy.RETRIES);
            Object next = letter.diagnostics().get(BackoffPolicy.NEXT_ATTEMPT);
            Object backoff = letter.diagnostics().get(BackoffPolicy.BACKOFF_MILLIS);
            return new Letter(event.getIdentifier(), event.getPayloadType().getSimpleName(),
                    domainEvent == null ? null : domainEvent.getAggregateIdentifier(),
                    domainEvent == null ? null : domainEvent.getSequenceNumber(), event.getTimestamp(),
                    letter.cause().map(cause -> cause.type()).orElse(null),
                    letter.cause().map(cause -> cause.message()).orElse(null),
                    letter.enqueuedAt(), letter.lastTouched(),
                    tried ? BackoffPolicy.retriesOf(letter) + 1 : 0,
                    backoff instanceof Number millis ? millis.longValue() : null,
                    next == null ? null : Instant.parse(next.toString()), BackoffPolicy.isParked(letter));
        }
    }
}
