package app.axon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineException;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanScope;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Axon's db-scheduler deadline manager with one insert for all the deadlines a unit of work schedules and one delete
 * for all it cancels, instead of a select and a write for each: a saga batch of many orders writes its deadlines in
 * two statements. The rows stay exactly what Axon writes (task "AxonDeadline", binary details, the same serializer),
 * so deadlines still fire from the table on whichever instance polls first, after a restart too, and firing is left
 * to Axon's manager unchanged.
 * <p>
 * Both statements run when the root unit of work prepares its commit, on the connection of its transaction
 * (db-scheduler reaches the data source through Spring's transaction-aware proxy, {@link JdbcTemplate} through the
 * same transaction synchronisation): a saga batch that rolls back leaves no deadline behind and cancels none. A
 * deadline scheduled and cancelled in the same unit of work is never written. Outside a unit of work each call
 * writes at once, as Axon's manager does.
 */
final class OneStatementDeadlineManager extends DbSchedulerDeadlineManager {

    /** Axon's own task name for deadlines ({@link DbSchedulerDeadlineToken#getTaskName()}). */
    private static final TaskDescriptor<DbSchedulerBinaryDeadlineDetails> DEADLINE_TASK = TaskDescriptor.of(
            new DbSchedulerDeadlineToken("").getTaskName(), DbSchedulerBinaryDeadlineDetails.class);

    private final Scheduler scheduler;
    private final Serializer serializer;
    private final DeadlineManagerSpanFactory spanFactory;
    private final JdbcTemplate jdbc;
    private final String cancelStatement;
    private final String writesResource = Writes.class.getName() + "@" + System.identityHashCode(this);

    /** Set up as Axon's Spring Boot auto-configuration sets up its manager; db-scheduler starts and stops itself. */
    OneStatementDeadlineManager(Scheduler scheduler, ScopeAwareProvider scopes, Serializer serializer,
                                TransactionManager transactionManager, DeadlineManagerSpanFactory spanFactory,
                                JdbcTemplate jdbc, String tableName) {
        super(builder().scheduler(scheduler).scopeAwareProvider(scopes).serializer(serializer)
                .transactionManager(transactionManager).spanFactory(spanFactory)
                .useBinaryPojo(true).startScheduler(false).stopScheduler(false));
        this.scheduler = scheduler;
        this.serializer = serializer;
        this.spanFactory = spanFactory;
        this.jdbc = jdbc;
        // An array parameter keeps one statement text (and one prepared statement) for any number of cancels, on
        // PostgreSQL and on H2 alike.
        this.cancelStatement = "delete from " + tableName
                + " where task_name = ? and task_instance = any(?) and picked = false";
    }

    /**
     * The id is a fresh UUID, so the existence check db-scheduler makes in {@code schedule} could never find
     * anything: the deadline goes into db-scheduler's batch insert without it.
     */
    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        DeadlineMessage<Object> deadline =
                GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime);
        String id = IdentifierFactory.getInstance().generateIdentifier();
        Scheduled scheduled = new Scheduled(id, triggerDateTime, deadlineScope, deadline,
                spanFactory.createScheduleSpan(deadlineName, id, deadline));
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            Writes writes = writesOf(unitOfWork.root());
            writes.schedule(scheduled);
            undoIfNestedRollsBack(unitOfWork, () -> writes.unschedule(id));
        } else {
            Writes writes = new Writes();
            writes.schedule(scheduled);
            writes.write();
        }
        return id;
    }

    /**
     * Deletes the row unless db-scheduler has picked it to run. Like db-scheduler's own cancel, it fails when there
     * is nothing it may delete (the deadline is running or already ran): the unit of work rolls back and is handled
     * again against what the deadline left behind, instead of going on as if the deadline had been stopped.
     */
    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        Cancelled cancelled = new Cancelled(deadlineName, scheduleId,
                spanFactory.createCancelScheduleSpan(deadlineName, scheduleId));
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            Writes writes = writesOf(unitOfWork.root());
            Scheduled unscheduled = writes.cancel(cancelled);
            undoIfNestedRollsBack(unitOfWork, () -> writes.uncancel(cancelled, unscheduled));
        } else {
            Writes writes = new Writes();
            writes.cancel(cancelled);
            writes.write();
        }
    }

    /**
     * One set of writes per root unit of work, written by one handler when it prepares its commit. A saga batch's
     * handlers are registered per event; every schedule and cancel of the batch has been recorded before the first
     * of them runs. The writes are taken out before they are written, so a deadline scheduled by a later handler of
     * the same phase gets writes (and a handler) of its own rather than being left out.
     */
    private Writes writesOf(UnitOfWork<?> root) {
        return root.getOrComputeResource(writesResource, key -> {
            Writes writes = new Writes();
            root.onPrepareCommit(committing -> {
                committing.resources().remove(writesResource);
                writes.write();
            });
            return writes;
        });
    }

    /** A nested unit of work that rolls back (a command that failed) leaves no deadline call behind, as in Axon. */
    private static void undoIfNestedRollsBack(UnitOfWork<?> unitOfWork, Runnable undo) {
        if (!unitOfWork.isRoot()) {
            unitOfWork.onRollback(rolledBack -> undo.run());
        }
    }

    private final class Writes {

        private final Map<String, Scheduled> schedules = new LinkedHashMap<>();
        private final List<Cancelled> cancels = new ArrayList<>();

        void schedule(Scheduled scheduled) {
            schedules.put(scheduled.id(), scheduled);
        }

        void unschedule(String id) {
            schedules.remove(id);
        }

        /** The deadline this cancel took out of the insert, if it was scheduled in this unit of work. */
        Scheduled cancel(Cancelled cancelled) {
            Scheduled unscheduled = schedules.remove(cancelled.id());
            if (unscheduled == null) {
                cancels.add(cancelled);
            }
            return unscheduled;
        }

        void uncancel(Cancelled cancelled, Scheduled unscheduled) {
            if (unscheduled == null) {
                cancels.remove(cancelled);
            } else {
                schedules.put(unscheduled.id(), unscheduled);
            }
        }

        /** The delete first: when it fails, the unit of work rolls back and the insert would be wasted. */
        void write() {
            if (!cancels.isEmpty()) {
                delete();
            }
            if (!schedules.isEmpty()) {
                insert();
            }
        }

        private void delete() {
            List<Span> spans = cancels.stream().map(cancel -> cancel.span().start()).toList();
            inSpans(spans, () -> {
                Object[] ids = cancels.stream().map(Cancelled::id).toArray();
                int deleted = jdbc.update(cancelStatement, statement -> {
                    statement.setString(1, DEADLINE_TASK.getTaskName());
                    statement.setArray(2, statement.getConnection().createArrayOf("varchar", ids));
                });
                if (deleted != cancels.size()) {
                    throw new DeadlineException((cancels.size() - deleted) + " of the deadlines " + cancels
                            + " could not be cancelled: running or no longer scheduled");
                }
            });
        }

        /**
         * Dispatch interceptors run in each deadline's span, when the unit of work commits, as in Axon's manager.
         * db-scheduler writes the instances as one JDBC batch, which PostgreSQL's driver sends in one round trip
         * (as multi-row inserts with {@code reWriteBatchedInserts=true}).
         */
        private void insert() {
            List<Span> spans = new ArrayList<>();
            inSpans(spans, () -> {
                List<SchedulableInstance<?>> instances = new ArrayList<>();
                for (Scheduled scheduled : schedules.values()) {
                    Span span = scheduled.span().start();
                    spans.add(span);
                    try (SpanScope unused = span.makeCurrent()) {
                        DeadlineMessage<?> intercepted = processDispatchInterceptors(scheduled.deadline());
                        instances.add(SchedulableInstance.of(DEADLINE_TASK.instance(scheduled.id())
                                .data(details(scheduled, intercepted))
                                .build(), scheduled.triggerDateTime()));
                    }
                }
                scheduler.scheduleBatch(instances);
            });
        }
    }

    /** Each deadline's span covers the one statement that writes it, as when each had a statement of its own. */
    private static void inSpans(List<Span> spans, Runnable statement) {
        try {
            statement.run();
        } catch (RuntimeException failure) {
            spans.forEach(span -> span.recordException(failure));
            throw failure;
        } finally {
            spans.forEach(Span::end);
        }
    }

    /** The same fields Axon's manager writes for a binary deadline, so that Axon's task can read them back. */
    private DbSchedulerBinaryDeadlineDetails details(Scheduled scheduled, DeadlineMessage<?> message) {
        SerializedObject<byte[]> serializedScope = serializer.serialize(scheduled.scope(), byte[].class);
        SerializedObject<byte[]> payload = serializer.serialize(message.getPayload(), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(message.getMetaData(), byte[].class);
        return new DbSchedulerBinaryDeadlineDetails(scheduled.deadline().getDeadlineName(),
                serializedScope.getData(), serializedScope.getType().getName(),
                payload.getData(), payload.getType().getName(), payload.getType().getRevision(),
                metaData.getData());
    }

    private record Scheduled(String id, Instant triggerDateTime, ScopeDescriptor scope,
                             DeadlineMessage<Object> deadline, Span span) {
    }

    private record Cancelled(String deadlineName, String id, Span span) {

        @Override
        public String toString() {
            return deadlineName + " [" + id + "]";
        }
    }
}
