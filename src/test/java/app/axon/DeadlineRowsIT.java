package app.axon;

import java.time.Duration;

import app.IntegrationTest;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineException;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rows the deadline manager writes: db-scheduler's own, in the transaction that schedules or cancels them, and a
 * cancel that fails as db-scheduler's does when the deadline is running or gone.
 */
@IntegrationTest
class DeadlineRowsIT {

    private static final String DEADLINE = "test-deadline";
    private static final Duration FAR_AWAY = Duration.ofHours(1);

    @Autowired
    private DeadlineManager deadlines;
    @Autowired
    private TransactionManager transactions;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void schedulesAnAxonDeadlineThatDbSchedulerWillRun() {
        String id = transactions.fetchInTransaction(() -> deadlines.schedule(FAR_AWAY, DEADLINE, null, scope()));

        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'AxonDeadline'"
                + " and task_instance = ? and picked = false and execution_time > current_timestamp",
                Integer.class, id)).isEqualTo(1);
    }

    @Test
    void leavesNoDeadlineBehindWhenTheTransactionRollsBack() {
        Transaction transaction = transactions.startTransaction();
        String id = deadlines.schedule(FAR_AWAY, DEADLINE, null, scope());
        transaction.rollback();

        assertThat(rowsOf(id)).isZero();
    }

    @Test
    void cancelsADeadlineByDeletingItsRow() {
        String id = transactions.fetchInTransaction(() -> deadlines.schedule(FAR_AWAY, DEADLINE, null, scope()));

        transactions.executeInTransaction(() -> deadlines.cancelSchedule(DEADLINE, id));

        assertThat(rowsOf(id)).isZero();
    }

    @Test
    void refusesToCancelADeadlineThatIsRunning() {
        String id = transactions.fetchInTransaction(() -> deadlines.schedule(FAR_AWAY, DEADLINE, null, scope()));
        jdbc.update("update scheduled_tasks set picked = true where task_instance = ?", id);

        assertThatThrownBy(() -> transactions.executeInTransaction(() -> deadlines.cancelSchedule(DEADLINE, id)))
                .isInstanceOf(DeadlineException.class);
        assertThat(rowsOf(id)).isEqualTo(1);
        jdbc.update("delete from scheduled_tasks where task_instance = ?", id);
    }

    @Test
    void refusesToCancelADeadlineThatIsNoLongerScheduled() {
        assertThatThrownBy(() -> transactions.executeInTransaction(
                () -> deadlines.cancelSchedule(DEADLINE, "no-such-deadline")))
                .isInstanceOf(DeadlineException.class);
    }

    private int rowsOf(String id) {
        return jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Integer.class, id);
    }

    private static SagaScopeDescriptor scope() {
        return new SagaScopeDescriptor("test-saga", "test-saga-id");
    }
}
