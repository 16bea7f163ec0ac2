package app.axon;

import java.time.Instant;
import java.util.List;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
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
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Axon's db-scheduler deadline manager with one SQL statement per schedule and one per cancel, instead of a select
 * before each: db-scheduler's {@code schedule} looks the task instance up before it inserts it, and its {@code cancel}
 * reads the row before it deletes it. The rows stay exactly what Axon writes (task "AxonDeadline", binary details,
 * the same serializer), so deadlines still fire from the table on whichever instance polls first, after a restart
 * too, and firing is left to Axon's manager unchanged.
 * <p>
 * Both statements run when the unit of work prepares its commit, on the connection of its transaction (db-scheduler
 * reaches the data source through Spring's transaction-aware proxy, {@link JdbcTemplate} through the same
 * transaction synchronisation): a saga batch that rolls back leaves no deadline behind and cancels none.
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
        this.cancelStatement = "delete from " + tableName
                + " where task_name = ? and task_instance = ? and picked = false";
    }

    /**
     * A batch of one is a plain insert: the id is a fresh UUID, so the existence check db-scheduler makes in
     * {@code schedule} can never find anything.
     */
    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        DeadlineMessage<Object> deadline =
                GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime);
        String id = IdentifierFactory.getInstance().generateIdentifier();
        runOnPrepareCommitOrNow(spanFactory.createScheduleSpan(deadlineName, id, deadline).wrapRunnable(() -> {
            DeadlineMessage<Object> intercepted = processDispatchInterceptors(deadline);
            TaskInstance<?> task = DEADLINE_TASK.instance(id)
                    .data(details(deadlineName, deadlineScope, intercepted))
                    .build();
            scheduler.scheduleBatch(List.of(task), triggerDateTime);
        }));
        return id;
    }

    /**
     * Deletes the row unless db-scheduler has picked it to run. Like db-scheduler's own cancel, it fails when there
     * is nothing it may delete (the deadline is running or already ran): the unit of work rolls back and is handled
     * again against what the deadline left behind, instead of going on as if the deadline had been stopped.
     */
    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        DbSchedulerDeadlineToken token = new DbSchedulerDeadlineToken(scheduleId);
        runOnPrepareCommitOrNow(spanFactory.createCancelScheduleSpan(deadlineName, scheduleId).wrapRunnable(() -> {
            int deleted = jdbc.update(cancelStatement, token.getTaskName(), token.getId());
            if (deleted != 1) {
                throw new DeadlineException("Deadline " + deadlineName + " [" + scheduleId
                        + "] could not be cancelled: it is running or no longer scheduled");
            }
        }));
    }

    /** The same fields Axon's manager writes for a binary deadline, so that Axon's task can read them back. */
    private DbSchedulerBinaryDeadlineDetails details(String deadlineName, ScopeDescriptor scope,
                                                     DeadlineMessage<?> message) {
        SerializedObject<byte[]> serializedScope = serializer.serialize(scope, byte[].class);
        SerializedObject<byte[]> payload = serializer.serialize(message.getPayload(), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(message.getMetaData(), byte[].class);
        return new DbSchedulerBinaryDeadlineDetails(deadlineName,
                serializedScope.getData(), serializedScope.getType().getName(),
                payload.getData(), payload.getType().getName(), payload.getType().getRevision(),
                metaData.getData());
    }
}
