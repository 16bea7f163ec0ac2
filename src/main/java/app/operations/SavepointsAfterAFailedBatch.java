package app.operations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A projection handles a whole batch of events and commits its rows with its token in one transaction. When one
 * event's handler fails, its dead letter is written in that same transaction, so whatever the handler wrote before
 * it failed must be undone first, and on PostgreSQL a failed statement leaves the transaction unusable until it is
 * rolled back. A savepoint around every handled event would do that, at two statements per event, for a failure
 * that almost never comes.
 * <p>
 * So a batch runs without savepoints. When a handler of a dead-lettering group throws, its dead letter cannot be
 * trusted to the batch's transaction: the batch is failed as a whole when it is about to commit (nothing of it stays,
 * the token does not move) and the processor tries it again. That next batch of the same segment, and any batch of a
 * segment whose last batch was rolled back for whatever reason, runs each handled event in a savepoint: the failing
 * event's writes are rolled back to its savepoint, its sequence is parked, and the rest of the batch commits once.
 * The segment keeps its savepoints for {@link #CAREFUL_FOR} after a rolled-back batch: a handler that fails for many
 * events (a bug, a broken dependency) then parks them as they come, instead of costing a failed batch and the
 * processor's retry pause for each one. {@code eventshop.dead-letters.savepoint-per-event=true} puts a savepoint
 * around every event instead.
 * <p>
 * Outside a streaming processor's batch (the dead-letter retrier, which records a failed retry in the transaction the
 * handler ran in) every event runs in a savepoint, as letters are few.
 */
final class SavepointsAfterAFailedBatch implements HandlerEnhancerDefinition {

    private final DataSource dataSource;
    private final DeadLetterGroups groups;
    private final boolean everyEvent;
    static final Duration CAREFUL_FOR = Duration.ofMinutes(1);

    /** Group and segment of the batches that rolled back lately on this instance, and until when they are careful. */
    private final Map<String, Long> carefulUntil = new ConcurrentHashMap<>();

    SavepointsAfterAFailedBatch(DataSource dataSource, DeadLetterGroups groups, boolean everyEvent) {
        this.dataSource = dataSource;
        this.groups = groups;
        this.everyEvent = everyEvent;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(original.declaringClass(),
                ProcessingGroup.class);
        return group != null ? new Guarded<>(original, group.value()) : original;
    }

    /**
     * The segment of a tracking processor's batch, which Axon keeps among the batch's resources; the processors of
     * the dead-lettering groups carry the group's name.
     */
    private static Object segmentOf(UnitOfWork<?> batch, String group) {
        return batch.resources().get("Processor[" + group + "]/SegmentId");
    }

    /** What one batch of one group has seen: whether it runs with savepoints, and whether a handler failed. */
    private final class Attempt {

        private final boolean withSavepoints;
        private boolean handlerFailed;

        private Attempt(UnitOfWork<?> batch, String group, String key) {
            this.withSavepoints = everyEvent || careful(key);
            batch.onPrepareCommit(committing -> {
                if (handlerFailed) {
                    throw new BatchRetriedWithSavepoints(group);
                }
            });
            batch.onRollback(rolledBack -> carefulUntil.put(key, System.nanoTime() + CAREFUL_FOR.toNanos()));
        }
    }

    private boolean careful(String key) {
        Long until = carefulUntil.get(key);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until < 0) {
            return true;
        }
        carefulUntil.remove(key, until);
        return false;
    }

    /** The group is looked up when an event comes, because groups are registered until the processors start. */
    private final class Guarded<T> extends WrappedMessageHandlingMember<T> {

        private final String group;
        private final String attemptKey;

        private Guarded(MessageHandlingMember<T> delegate, String group) {
            super(delegate);
            this.group = group;
            this.attemptKey = SavepointsAfterAFailedBatch.class.getName() + "/" + group;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (!groups.contains(group) || !TransactionSynchronizationManager.isActualTransactionActive()
                    || !CurrentUnitOfWork.isStarted()) {
                return super.handle(message, target);
            }
            UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
            Object segment = segmentOf(batch, group);
            if (segment == null) {
                return inSavepoint(message, target);
            }
            Attempt attempt = batch.getOrComputeResource(attemptKey,
                    key -> new Attempt(batch, group, group + "/" + segment));
            if (attempt.withSavepoints) {
                return inSavepoint(message, target);
            }
            try {
                return super.handle(message, target);
            } catch (Exception | Error failure) {
                attempt.handlerFailed = true;
                throw failure;
            }
        }

        private Object inSavepoint(Message<?> message, T target) throws Exception {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                Savepoint savepoint = connection.setSavepoint();
                Object result;
                try {
                    result = super.handle(message, target);
                } catch (Exception | Error failure) {
                    rollBack(connection, savepoint, failure);
                    throw failure;
                }
                connection.releaseSavepoint(savepoint);
                return result;
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }

        private static void rollBack(Connection connection, Savepoint savepoint, Throwable failure) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailed) {
                failure.addSuppressed(rollbackFailed);
            }
        }
    }

    /** Fails a batch in which a handler threw, so that it is tried again with a savepoint per event. */
    static final class BatchRetriedWithSavepoints extends IllegalStateException {

        BatchRetriedWithSavepoints(String group) {
            super("A handler of " + group + " failed in a batch without savepoints; the batch is rolled back and"
                    + " tried again with a savepoint per event, so that only the failing event is dead-lettered");
        }
    }
}
