package app.axon;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import app.IntegrationTest;
import app.StatementCounts;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineException;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rows the deadline manager writes: db-scheduler's own, in the transaction that schedules or cancels them, and a
 * cancel that fails as db-scheduler's does when the deadline is running or gone. What a unit of work schedules and
 * cancels (a saga batch) is written when it commits, in one insert and one delete.
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
    @Autowired
    private DataSource dataSource;

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

    @Test
    void writesWhatAUnitOfWorkSchedulesAndCancelsWhenItCommits() {
        List<String> earlier = scheduledOneByOne(2);
        Instant inAnHour = Instant.now().plus(FAR_AWAY).truncatedTo(ChronoUnit.SECONDS);
        List<Instant> triggers = IntStream.range(0, 3).mapToObj(i -> inAnHour.plus(Duration.ofMinutes(i))).toList();
        List<String> scheduled = new ArrayList<>();
        List<Integer> rowsBeforeCommit = new ArrayList<>();

        inOneUnitOfWork(() -> {
            triggers.forEach(trigger -> scheduled.add(deadlines.schedule(trigger, DEADLINE, null, scope())));
            earlier.forEach(id -> deadlines.cancelSchedule(DEADLINE, id));
            rowsBeforeCommit.add(rowsOf(scheduled.get(0)));
            rowsBeforeCommit.add(rowsOf(earlier.get(0)));
        });

        assertThat(rowsBeforeCommit).as("rows of a scheduled and a cancelled deadline before the commit")
                .containsExactly(0, 1);
        assertThat(scheduled).map(this::executionTimeOf).containsExactlyElementsOf(triggers);
        assertThat(earlier).map(this::rowsOf).containsOnly(0);
    }

    /**
     * PostgreSQL's driver rewrites a JDBC batch into multi-row inserts of a power of two rows each (three rows would
     * be an insert of two and one of one, in the same round trip), so four rows are one statement.
     */
    @Test
    void writesAUnitOfWorksDeadlinesWithOneInsertAndOneDelete() throws SQLException {
        assumeTrue(rewritesBatchedInserts() && StatementCounts.available(dataSource),
                "counts statements on PostgreSQL with reWriteBatchedInserts and pg_stat_statements");
        List<String> earlier = scheduledOneByOne(2);
        Instant inAnHour = Instant.now().plus(FAR_AWAY);
        StatementCounts before = StatementCounts.of(dataSource);

        inOneUnitOfWork(() -> {
            for (int i = 0; i < 4; i++) {
                deadlines.schedule(inAnHour.plus(Duration.ofMinutes(i)), DEADLINE, null, scope());
            }
            earlier.forEach(id -> deadlines.cancelSchedule(DEADLINE, id));
        });

        StatementCounts spent = StatementCounts.of(dataSource).since(before);
        assertThat(spent.startingWith("insert into scheduled_tasks")).as("inserts").isEqualTo(1);
        assertThat(spent.startingWith("delete from scheduled_tasks")).as("deletes").isEqualTo(1);
    }

    @Test
    void neverWritesADeadlineScheduledAndCancelledInTheSameUnitOfWork() {
        assumeTrue(StatementCounts.available(dataSource), "pg_stat_statements is not installed in this database");
        List<String> scheduled = new ArrayList<>();
        StatementCounts before = StatementCounts.of(dataSource);

        inOneUnitOfWork(() -> {
            scheduled.add(deadlines.schedule(FAR_AWAY, DEADLINE, null, scope()));
            deadlines.cancelSchedule(DEADLINE, scheduled.get(0));
        });

        StatementCounts spent = StatementCounts.of(dataSource).since(before);
        assertThat(rowsOf(scheduled.get(0))).isZero();
        assertThat(spent.startingWith("insert into scheduled_tasks")).as("inserts").isZero();
        assertThat(spent.startingWith("delete from scheduled_tasks")).as("deletes").isZero();
    }

    @Test
    void rollsTheWholeUnitOfWorkBackWhenADeadlineItCancelsIsGone() {
        String earlier = scheduledOneByOne(1).get(0);
        List<String> scheduled = new ArrayList<>();

        assertThatThrownBy(() -> inOneUnitOfWork(() -> {
            scheduled.add(deadlines.schedule(FAR_AWAY, DEADLINE, null, scope()));
            deadlines.cancelSchedule(DEADLINE, earlier);
            deadlines.cancelSchedule(DEADLINE, "no-such-deadline");
        })).isInstanceOf(DeadlineException.class);

        assertThat(rowsOf(scheduled.get(0))).as("scheduled in the unit of work").isZero();
        assertThat(rowsOf(earlier)).as("cancelled in the unit of work").isEqualTo(1);
    }

    @Test
    void leavesOutWhatANestedUnitOfWorkThatRolledBackScheduledOrCancelled() {
        String earlier = scheduledOneByOne(1).get(0);
        List<String> scheduled = new ArrayList<>();

        inOneUnitOfWork(() -> {
            UnitOfWork<?> nested = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("nested"));
            scheduled.add(deadlines.schedule(FAR_AWAY, DEADLINE, null, scope()));
            deadlines.cancelSchedule(DEADLINE, earlier);
            nested.rollback();
            scheduled.add(deadlines.schedule(FAR_AWAY, DEADLINE, null, scope()));
        });

        assertThat(rowsOf(scheduled.get(0))).as("scheduled in the nested unit of work").isZero();
        assertThat(rowsOf(earlier)).as("cancelled in the nested unit of work").isEqualTo(1);
        assertThat(rowsOf(scheduled.get(1))).as("scheduled after it").isEqualTo(1);
    }

    /** Each in a transaction of its own, outside any unit of work. */
    private List<String> scheduledOneByOne(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> transactions.fetchInTransaction(
                        () -> deadlines.schedule(FAR_AWAY, DEADLINE, null, scope())))
                .toList();
    }

    /** As a saga batch runs: one unit of work in one transaction; a failed commit is thrown. */
    private void inOneUnitOfWork(Runnable work) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(work);
    }

    private boolean rewritesBatchedInserts() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL().contains("reWriteBatchedInserts=true");
        }
    }

    private Instant executionTimeOf(String id) {
        return jdbc.queryForObject("select execution_time from scheduled_tasks where task_instance = ?",
                Timestamp.class, id).toInstant();
    }

    private int rowsOf(String id) {
        return jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Integer.class, id);
    }

    private static SagaScopeDescriptor scope() {
        return new SagaScopeDescriptor("test-saga", "test-saga-id");
    }
}
