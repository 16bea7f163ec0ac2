package app.operations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import javax.sql.DataSource;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A projection handles a whole batch of events and commits its rows with its token in one transaction. When one
 * event's handler fails, its dead letter is written in that same transaction, so whatever the handler wrote before
 * it failed must be undone first, and on PostgreSQL a failed statement leaves the transaction unusable until it is
 * rolled back. Each event handler of a dead-lettering group therefore runs inside a savepoint: on failure only that
 * handler's writes are rolled back, and the batch goes on and commits the dead letter and the other events. It costs
 * two statements per handled event, which {@code eventshop.dead-letters.savepoint-per-event=false} saves at the price
 * of that guarantee.
 */
final class SavepointPerEvent implements HandlerEnhancerDefinition {

    private final DataSource dataSource;
    private final DeadLetterGroups groups;
    private final boolean enabled;

    SavepointPerEvent(DataSource dataSource, DeadLetterGroups groups, boolean enabled) {
        this.dataSource = dataSource;
        this.groups = groups;
        this.enabled = enabled;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!enabled || !original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(original.declaringClass(),
                ProcessingGroup.class);
        return group != null ? new InSavepoint<>(original, group.value()) : original;
    }

    /** The group is looked up when an event comes, because groups are registered until the processors start. */
    private final class InSavepoint<T> extends WrappedMessageHandlingMember<T> {

        private final String group;

        private InSavepoint(MessageHandlingMember<T> delegate, String group) {
            super(delegate);
            this.group = group;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (!groups.contains(group) || !TransactionSynchronizationManager.isActualTransactionActive()) {
                return super.handle(message, target);
            }
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
}
