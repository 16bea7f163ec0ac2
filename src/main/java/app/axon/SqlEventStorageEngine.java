package app.axon;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SnapshotEventEntry;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.hibernate.Session;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Axon's JPA event store, with the statements that run for every command and every batch of events written in plain
 * SQL: the tracking processors' reads, an aggregate's events, the aggregate cache's check of the last sequence number,
 * the snapshots and, on PostgreSQL, the append. The tables, the rows and the tracking tokens are exactly Axon's; what
 * is left out is Hibernate's work per row (a flight recording of a rebuild put its result handling at a tenth of a
 * projection's thread) and the parsing of each event's time more than once (Axon parses the stored text every time
 * it is asked, twice per event read: a seventh of that thread).
 */
final class SqlEventStorageEngine extends JpaEventStorageEngine {

    private static final String COLUMNS = "type, aggregate_identifier, sequence_number, event_identifier, time_stamp,"
            + " payload_type, payload_revision, payload, meta_data";
    private static final String INSERT = "insert into domain_event_entry (global_index, event_identifier,"
            + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload,"
            + " meta_data) values (nextval('domain_event_entry_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String DELETE_SNAPSHOTS =
            "delete from snapshot_event_entry where aggregate_identifier = ? and sequence_number <= ?";
    private static final String INSERT_SNAPSHOT = "insert into snapshot_event_entry (aggregate_identifier,"
            + " sequence_number, type, event_identifier, meta_data, payload, payload_revision, payload_type,"
            + " time_stamp) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Axon's defaults for the gaps of a tracking token, which this store does not change. */
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;
    private static final long GAP_TIMEOUT_MILLIS = 60_000;
    private static final int GAP_CLEANING_THRESHOLD = 250;

    private final JdbcTemplate jdbc;
    private final OtherInstances otherInstances;
    private final long lookAgainWithinNanos;
    /** Appends made on this instance whose transaction has committed. */
    private final AtomicLong committedAppends = new AtomicLong();
    private volatile ReadEnd lastEnd;
    /** Whether the store is PostgreSQL, learnt from the first connection that appends events. */
    private volatile Boolean postgres;

    /**
     * @param lookAgainWithin how soon after the event store reader's last stream ended its next one is answered from
     *                        what that stream found, while nothing has been committed here since (see
     *                        {@link #readEventData(TrackingToken, boolean)})
     */
    SqlEventStorageEngine(JpaEventStorageEngine.Builder builder, JdbcTemplate jdbc, OtherInstances otherInstances,
                          Duration lookAgainWithin) {
        super(builder);
        this.jdbc = jdbc;
        this.otherInstances = otherInstances;
        this.lookAgainWithinNanos = lookAgainWithin.toNanos();
    }

    /**
     * Axon's tracking read, rule for rule: the token advances over each event read, the positions skipped on the way
     * are kept as gaps (a transaction that took the number has not committed yet) unless the event is older than the
     * gap timeout, and a token with many gaps first drops those that have timed out.
     * <p>
     * The read is one statement, run in autocommit where no transaction is under way (the event store's reader
     * thread): PostgreSQL gives it a snapshot of its own either way, and Axon's transaction around it only added a
     * BEGIN, a COMMIT and an entity manager to each of the two or so reads per order.
     */
    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (lastToken != null && !(lastToken instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException("Token " + lastToken + " is not a GapAwareTrackingToken");
        }
        GapAwareTrackingToken previous = cleaned((GapAwareTrackingToken) lastToken);
        List<TrackedRow> rows = trackedRows(previous, batchSize);
        Instant gapTimeout = gapTimeoutThreshold();
        List<TrackedEventData<?>> events = new ArrayList<>(rows.size());
        GapAwareTrackingToken token = previous;
        for (TrackedRow row : rows) {
            boolean allowGaps = row.event().getTimestamp().isAfter(gapTimeout);
            if (token == null) {
                token = GapAwareTrackingToken.newInstance(row.globalIndex(), allowGaps
                        ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, row.globalIndex()), row.globalIndex())
                                .boxed().collect(Collectors.toCollection(TreeSet::new))
                        : Collections.emptySortedSet());
            } else {
                token = token.advanceTo(row.globalIndex(), MAX_GAP_OFFSET);
                if (!allowGaps) {
                    token = token.withGapsTruncatedAt(row.globalIndex());
                }
            }
            events.add(new TrackedDomainEventData<>(token, row.event()));
        }
        return events;
    }

    private record TrackedRow(long globalIndex, StoredEvent event) {
    }

    /**
     * Axon's tracking stream reads batch after batch until a read finds nothing. A read here returns every event
     * visible after the token up to the batch size ({@link #fetchTrackedEvents}), so a shorter batch already says
     * that nothing more is there: the stream ends with it, as Axon's own stream of an aggregate's events does. That
     * was one read in three of the event store's reader (a read that found events, then an empty one, and the
     * reader's own look for more). Events committed after the read are in the next stream, as they would have been.
     * <p>
     * The event store's reader (the one caller that may block) opens a new stream right after one that found events,
     * to look for more. While no other instance writes to the store ({@link OtherInstances}), and nothing has been
     * appended and committed on this instance since the last stream ended, a moment ago (the reader looks again at
     * once), that stream is empty without a read: the reader then waits for the next local commit (or Axon's fetch
     * delay) and reads from the same token. With other instances live it looks again as Axon does, since what they
     * commit wakes nothing here.
     */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (mayBlock && nothingNewSince(trackingToken)) {
            return Stream.empty();
        }
        long committedBefore = committedAppends.get();
        int batchSize = batchSize();
        Spliterator<TrackedEventData<?>> batches = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.NONNULL | Spliterator.ORDERED) {
            private TrackingToken last = trackingToken;
            private Iterator<? extends TrackedEventData<?>> batch = Collections.emptyIterator();
            private boolean lastBatch;

            @Override
            public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
                if (!batch.hasNext()) {
                    if (lastBatch) {
                        return ended();
                    }
                    List<? extends TrackedEventData<?>> read = fetchTrackedEvents(last, batchSize);
                    lastBatch = read.size() < batchSize;
                    batch = read.iterator();
                    if (!batch.hasNext()) {
                        return ended();
                    }
                }
                TrackedEventData<?> next = batch.next();
                last = next.trackingToken();
                action.accept(next);
                return true;
            }

            private boolean ended() {
                if (mayBlock) {
                    lastEnd = new ReadEnd(last, committedBefore, System.nanoTime());
                }
                return false;
            }
        };
        return StreamSupport.stream(batches, false);
    }

    private boolean nothingNewSince(TrackingToken token) {
        ReadEnd end = lastEnd;
        return end != null && !otherInstances.live() && end.token() != null && end.token().equals(token)
                && end.committedBefore() == committedAppends.get()
                && System.nanoTime() - end.nanos() < lookAgainWithinNanos;
    }

    /** Where the reader's last stream ended, and how many local appends had committed when it began. */
    private record ReadEnd(TrackingToken token, long committedBefore, long nanos) {
    }

    /**
     * Counted once the transaction that appends them has committed (after the unit of work's commit; without one,
     * at once, which can only make the reader read once more than it needs to).
     */
    private void countWhenCommitted() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> committedAppends.incrementAndGet());
        } else {
            committedAppends.incrementAndGet();
        }
    }

    /**
     * A token with gaps asks for {@code global_index > token OR global_index IN (gaps)}. With the generic plan of a
     * prepared statement PostgreSQL walks the primary key from the very first event and filters every row (199 ms per
     * read on a million events); every gap is below the token, so with the lowest gap as a lower bound the read is an
     * index range scan (0.04 ms on the same table).
     */
    private List<TrackedRow> trackedRows(GapAwareTrackingToken token, int batchSize) {
        RowMapper<TrackedRow> tracked = (rs, row) -> new TrackedRow(rs.getLong("global_index"), stored(rs));
        if (token == null || token.getGaps().isEmpty()) {
            return jdbc.query("select global_index, " + COLUMNS + " from domain_event_entry where global_index > ?"
                    + " order by global_index limit ?", tracked, token == null ? -1L : token.getIndex(), batchSize);
        }
        List<Long> gaps = paddedToAPowerOfTwo(token.getGaps());
        List<Object> arguments = new ArrayList<>(gaps.size() + 3);
        arguments.add(token.getGaps().first());
        arguments.add(token.getIndex());
        arguments.addAll(gaps);
        arguments.add(batchSize);
        return jdbc.query("select global_index, " + COLUMNS + " from domain_event_entry where global_index >= ?"
                + " and (global_index > ? or global_index in (" + String.join(", ", Collections.nCopies(gaps.size(),
                "?")) + ")) order by global_index limit ?", tracked, arguments.toArray());
    }

    /** So that PostgreSQL sees a handful of distinct statements instead of one per number of gaps. */
    private static List<Long> paddedToAPowerOfTwo(SortedSet<Long> gaps) {
        List<Long> padded = new ArrayList<>(gaps);
        int size = Integer.highestOneBit(padded.size());
        size = size == padded.size() ? size : size << 1;
        while (padded.size() < size) {
            padded.add(gaps.last());
        }
        return padded;
    }

    private GapAwareTrackingToken cleaned(GapAwareTrackingToken token) {
        if (token == null || token.getGaps().size() <= GAP_CLEANING_THRESHOLD) {
            return token;
        }
        List<Object[]> stored = jdbc.query(
                "select global_index, time_stamp from domain_event_entry where global_index >= ?"
                        + " and global_index <= ? order by global_index",
                (rs, row) -> new Object[] {rs.getLong(1), rs.getString(2)},
                token.getGaps().first(), token.getGaps().last() + 1);
        Instant gapTimeout = gapTimeoutThreshold();
        GapAwareTrackingToken cleaned = token;
        for (Object[] row : stored) {
            long position = (Long) row[0];
            if (cleaned.getGaps().contains(position) || StoredEvent.instant((String) row[1]).isAfter(gapTimeout)) {
                return cleaned;
            }
            if (cleaned.getGaps().contains(position - 1)) {
                cleaned = cleaned.withGapsTruncatedAt(position);
            }
        }
        return cleaned;
    }

    private static Instant gapTimeoutThreshold() {
        return GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MILLIS);
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        return jdbc.query("select " + COLUMNS
                        + " from domain_event_entry where aggregate_identifier = ? and sequence_number >= ?"
                        + " order by sequence_number limit ?", (rs, row) -> stored(rs),
                aggregateIdentifier, firstSequenceNumber, batchSize);
    }

    /** Asked before every command on a cached aggregate, inside the command's transaction. */
    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return Optional.ofNullable(jdbc.queryForObject(
                "select max(sequence_number) from domain_event_entry where aggregate_identifier = ?", Long.class,
                aggregateIdentifier));
    }

    private static StoredEvent stored(ResultSet rs) throws SQLException {
        String aggregateIdentifier = rs.getString("aggregate_identifier");
        String eventIdentifier = rs.getString("event_identifier");
        return new StoredEvent(rs.getString("type"),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                rs.getLong("sequence_number"), eventIdentifier, rs.getString("time_stamp"),
                rs.getString("payload_type"), rs.getString("payload_revision"), rs.getBytes("payload"),
                rs.getBytes("meta_data"));
    }

    /** An event as stored, whose time is parsed once, when first asked for. */
    static final class StoredEvent extends GenericDomainEventEntry<byte[]> {

        private final String storedTime;
        private Instant timestamp;

        StoredEvent(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                    String storedTime, String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {
            super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, storedTime, payloadType,
                    payloadRevision, payload, metaData);
            this.storedTime = storedTime;
        }

        @Override
        public Instant getTimestamp() {
            if (timestamp == null) {
                timestamp = instant(storedTime);
            }
            return timestamp;
        }

        /**
         * The times Axon writes ({@link DateTimeUtils#formatInstant}: UTC, milliseconds, "2026-11-30T07:18:59.123Z")
         * read without a formatter; anything else as Axon reads it.
         */
        static Instant instant(String text) {
            if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                    && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.'
                    && text.charAt(23) == 'Z') {
                int year = digits(text, 0, 4);
                int month = digits(text, 5, 7);
                int day = digits(text, 8, 10);
                int hour = digits(text, 11, 13);
                int minute = digits(text, 14, 16);
                int second = digits(text, 17, 19);
                int millis = digits(text, 20, 23);
                if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24
                        && minute >= 0 && minute < 60 && second >= 0 && second < 60 && millis >= 0
                        && day <= LocalDate.of(year, month, 1).lengthOfMonth()) {
                    long days = LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second,
                            millis * 1_000_000L);
                }
            }
            return DateTimeUtils.parseInstant(text);
        }

        /** The number written in {@code text} from {@code start} to {@code end}, or -1 if it is not all digits. */
        private static int digits(String text, int start, int end) {
            int value = 0;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }

    /**
     * On PostgreSQL the events appended at once (a saga batch's commands: six of the seven events of an order) go in
     * as one JDBC batch, each row taking its global position from the sequence in the insert itself, instead of an
     * entity, a {@code nextval} round trip and a flush per event. The rows of a batch are inserted in the order of the
     * events (one after the other, or as the rows of one multi-row insert, which PostgreSQL evaluates in order), so an
     * aggregate's events get rising positions. The numbers are taken inside the appending transaction, exactly as one
     * by one, so a number is held no longer than before (a tracking processor treats it as a gap until the
     * transaction commits). The embedded database takes Axon's own way.
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (!events.isEmpty()) {
            countWhenCommitted();
        }
        if (events.isEmpty() || Boolean.FALSE.equals(postgres)) {
            super.appendEvents(events, serializer);
            return;
        }
        try {
            entityManager().unwrap(Session.class).doWork(connection -> {
                if (postgres == null) {
                    postgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
                }
                if (postgres) {
                    insert(connection, events, serializer);
                }
            });
        } catch (RuntimeException failure) {
            SQLException duplicate = duplicateKey(failure);
            if (duplicate != null) {
                handlePersistenceException(duplicate, events.get(0));
            }
            // anything else (a connection that broke, above all) goes up as it is: the transaction fails and the
            // caller learns that the database is unavailable, not that the aggregate was changed concurrently
            throw failure;
        }
        if (!postgres) {
            super.appendEvents(events, serializer);
        }
    }

    /**
     * Axon's snapshot store in plain SQL, on both databases: the new snapshot replaces its aggregate's older ones and
     * one taken before at the same number. Axon's store merges the snapshot entity (a select, then an insert) and
     * deletes the older ones with a query of its own query language; a flight recording put that at a fourteenth of
     * the saga thread, where the commands that take products' and accounts' snapshots every hundred events run.
     */
    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        SnapshotEventEntry entry = (SnapshotEventEntry) createSnapshotEntity(snapshot, serializer);
        try {
            entityManager().unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(DELETE_SNAPSHOTS);
                     PreparedStatement insert = connection.prepareStatement(INSERT_SNAPSHOT)) {
                    delete.setString(1, entry.getAggregateIdentifier());
                    delete.setLong(2, entry.getSequenceNumber());
                    delete.executeUpdate();
                    insert.setString(1, entry.getAggregateIdentifier());
                    insert.setLong(2, entry.getSequenceNumber());
                    insert.setString(3, entry.getType());
                    insert.setString(4, entry.getEventIdentifier());
                    insert.setBytes(5, (byte[]) entry.getMetaData().getData());
                    insert.setBytes(6, (byte[]) entry.getPayload().getData());
                    insert.setString(7, entry.getPayload().getType().getRevision());
                    insert.setString(8, entry.getPayload().getType().getName());
                    insert.setString(9, DateTimeUtils.formatInstant(snapshot.getTimestamp()));
                    insert.executeUpdate();
                }
            });
        } catch (RuntimeException failure) {
            handlePersistenceException(failure, snapshot);
        }
    }

    private void insert(Connection connection, List<? extends EventMessage<?>> events, Serializer serializer)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (EventMessage<?> event : events) {
                DomainEventEntry entry = (DomainEventEntry) createEventEntity(event, serializer);
                insert.setString(1, entry.getEventIdentifier());
                insert.setString(2, entry.getAggregateIdentifier());
                insert.setLong(3, entry.getSequenceNumber());
                insert.setString(4, entry.getType());
                insert.setString(5, DateTimeUtils.formatInstant(event.getTimestamp()));
                insert.setString(6, entry.getPayload().getType().getName());
                insert.setString(7, entry.getPayload().getType().getRevision());
                insert.setBytes(8, (byte[]) entry.getPayload().getData());
                insert.setBytes(9, (byte[]) entry.getMetaData().getData());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * The unique violation (SQLSTATE 23505) that makes a concurrent change of the same aggregate a conflict; in a
     * JDBC batch it is the statement's error under the batch's.
     */
    private static SQLException duplicateKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchUpdateException batch && batch.getNextException() != null
                    && "23505".equals(batch.getNextException().getSQLState())) {
                return batch.getNextException();
            }
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return sql;
            }
        }
        return null;
    }
}
