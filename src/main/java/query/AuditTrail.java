package query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.replay.ResetContext;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import query.api.FindAggregateEvents;
import query.api.FindCorrelatedEvents;
import query.api.PartialReplay;
import query.api.StoredEvent;

/**
 * The audit trail reads events from the event store itself, the one source of truth. The store can only be read
 * by aggregate, and its metadata is serialized bytea that portable SQL cannot search, so the audit-correlation
 * projection keeps a small index (correlation id to event id, aggregate, sequence and global position); a lookup
 * by correlation id reads the aggregates it names and keeps the listed events, in global order.
 */
@Component
@ProcessingGroup(AuditTrail.GROUP)
class AuditTrail {

    static final String GROUP = "audit-correlation";
    static final String CORRELATION_ID = "correlationId";

    private final JdbcTemplate jdbc;
    private final EventStore eventStore;
    private final BatchWrites writes;

    AuditTrail(JdbcTemplate jdbc, EventStore eventStore, BatchWrites writes) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.writes = writes;
    }

    @EventHandler
    void on(DomainEventMessage<?> event) {
        Object correlationId = event.getMetaData().get(CORRELATION_ID);
        if (correlationId == null) {
            return;
        }
        writes.record(GROUP, () -> new Entries(jdbc), entries -> entries.add(event.getIdentifier(),
                correlationId.toString()));
    }

    @ResetHandler
    void onReset(ResetContext<?> reset) {
        if (!(reset.getPayload() instanceof PartialReplay)) {
            jdbc.update("delete from audit_correlation");
        }
    }

    /** From sequence 0, not from the last snapshot, which is where reading an aggregate normally starts. */
    @QueryHandler
    List<StoredEvent> handle(FindAggregateEvents query) {
        List<StoredEvent> events = new ArrayList<>();
        eventStore.readEvents(query.aggregateId(), 0).asStream().forEach(event -> events.add(envelope(event)));
        return events;
    }

    @QueryHandler
    List<StoredEvent> handle(FindCorrelatedEvents query) {
        List<IndexEntry> entries = jdbc.query("select event_id, aggregate_id, sequence_number from audit_correlation"
                        + " where correlation_id = ? order by global_position",
                (rs, row) -> new IndexEntry(rs.getString(1), rs.getString(2), rs.getLong(3)), query.correlationId());
        Map<String, List<IndexEntry>> byAggregate = new LinkedHashMap<>();
        entries.forEach(entry -> byAggregate.computeIfAbsent(entry.aggregateId(), id -> new ArrayList<>()).add(entry));
        Map<String, DomainEventMessage<?>> found = new HashMap<>();
        byAggregate.forEach((aggregateId, listed) -> {
            long first = listed.stream().mapToLong(IndexEntry::sequenceNumber).min().orElseThrow();
            long last = listed.stream().mapToLong(IndexEntry::sequenceNumber).max().orElseThrow();
            DomainEventStream stream = eventStore.readEvents(aggregateId, first);
            while (stream.hasNext() && stream.peek().getSequenceNumber() <= last) {
                DomainEventMessage<?> event = stream.next();
                found.put(event.getIdentifier(), event);
            }
        });
        return entries.stream()
                .map(entry -> found.get(entry.eventId()))
                .filter(Objects::nonNull)
                .map(AuditTrail::envelope)
                .toList();
    }

    private static StoredEvent envelope(DomainEventMessage<?> event) {
        return new StoredEvent(event.getIdentifier(), event.getPayloadType().getSimpleName(),
                event.getAggregateIdentifier(), event.getSequenceNumber(), event.getTimestamp(), event.getPayload(),
                new TreeMap<>(event.getMetaData()));
    }

    /**
     * A batch's index entries, written in one statement. The position is the event's own row in the store, joined
     * in that statement. A tracking token cannot give it: for an event that committed after later ones (a gap being
     * filled) the token stays at the highest position already seen.
     */
    static final class Entries implements BatchWrites.Changes {

        /** Keeps a statement well below the bind parameter limits of both databases. */
        private static final int ROWS_PER_STATEMENT = 500;

        private final JdbcTemplate jdbc;
        private final List<Object> eventAndCorrelationIds = new ArrayList<>();

        Entries(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void add(String eventId, String correlationId) {
            eventAndCorrelationIds.add(eventId);
            eventAndCorrelationIds.add(correlationId);
        }

        @Override
        public void write() {
            List<Object> all = List.copyOf(eventAndCorrelationIds);
            eventAndCorrelationIds.clear();
            for (int from = 0; from < all.size(); from += 2 * ROWS_PER_STATEMENT) {
                List<Object> chunk = all.subList(from, Math.min(all.size(), from + 2 * ROWS_PER_STATEMENT));
                String rows = String.join(", ", Collections.nCopies(chunk.size() / 2, "(?, ?)"));
                jdbc.update("insert into audit_correlation (event_id, correlation_id, aggregate_id, sequence_number,"
                        + " global_position) select e.event_identifier, v.correlation_id, e.aggregate_identifier,"
                        + " e.sequence_number, e.global_index from (values " + rows + ") as v(event_id,"
                        + " correlation_id) join domain_event_entry e on e.event_identifier = v.event_id"
                        + " on conflict do nothing", chunk.toArray());
            }
        }
    }

    private record IndexEntry(String eventId, String aggregateId, long sequenceNumber) {
    }
}
