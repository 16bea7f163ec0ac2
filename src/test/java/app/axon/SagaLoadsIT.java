package app.axon;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.sql.DataSource;

import app.IntegrationTest;
import app.StatementCounts;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How the saga store reads a saga: with the look-up that finds it, as Axon's saga manager looks up and then loads
 * in one unit of work, and afresh whenever it may have changed since.
 */
@IntegrationTest
class SagaLoadsIT {

    @Autowired
    private SagaStore<Object> sagas;
    @Autowired
    private TransactionManager transactions;
    @Autowired
    private Serializer serializer;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private DataSource dataSource;

    private final AssociationValue order = new AssociationValue("orderId", UUID.randomUUID().toString());
    private final String sagaId = UUID.randomUUID().toString();

    @AfterEach
    void removeTheSaga() {
        jdbc.update("delete from association_value_entry where saga_id = ?", sagaId);
        jdbc.update("delete from saga_entry where saga_id = ?", sagaId);
    }

    @Test
    void loadsAFoundSagaWithoutASecondQuery() {
        assumeTrue(StatementCounts.available(dataSource), "pg_stat_statements is not installed in this database");
        stored(new TestSaga("paid"));
        StatementCounts before = StatementCounts.of(dataSource);
        AtomicReference<Set<String>> found = new AtomicReference<>();

        SagaStore.Entry<TestSaga> loaded = inUnitOfWork(() -> {
            found.set(sagas.findSagas(TestSaga.class, order));
            return sagas.loadSaga(TestSaga.class, sagaId);
        });

        StatementCounts spent = StatementCounts.of(dataSource).since(before);
        assertThat(found.get()).containsExactly(sagaId);
        assertThat(loaded.saga()).isEqualTo(new TestSaga("paid"));
        assertThat(loaded.associationValues()).containsExactlyInAnyOrder(order, secondAssociation());
        assertThat(spent.selectsFrom("association_value_entry")).as("look-ups").isEqualTo(1);
        assertThat(spent.selectsFrom("saga_entry")).as("loads").isZero();
    }

    @Test
    void readsASagaChangedInTheDatabaseAfreshInTheNextUnitOfWork() {
        stored(new TestSaga("paid"));
        inUnitOfWork(() -> sagas.findSagas(TestSaga.class, order));

        jdbc.update("update saga_entry set serialized_saga = ? where saga_id = ?",
                serializer.serialize(new TestSaga("reserved"), byte[].class).getData(), sagaId);

        assertThat(inUnitOfWork(() -> sagas.loadSaga(TestSaga.class, sagaId)).saga())
                .isEqualTo(new TestSaga("reserved"));
        assertThat(inUnitOfWork(() -> {
            sagas.findSagas(TestSaga.class, order);
            return sagas.loadSaga(TestSaga.class, sagaId);
        }).saga()).isEqualTo(new TestSaga("reserved"));
    }

    /** A deadline that fires for the saga on another thread while a saga batch has found it but waits for its lock. */
    @Test
    void readsASagaAgainWhenAnotherUnitOfWorkChangedItBetweenLookUpAndLoad() {
        stored(new TestSaga("paid"));

        SagaStore.Entry<TestSaga> loaded = inUnitOfWork(() -> {
            sagas.findSagas(TestSaga.class, order);
            CompletableFuture.runAsync(() -> inUnitOfWork(() -> {
                sagas.updateSaga(TestSaga.class, sagaId, new TestSaga("timed out"), new AssociationValuesImpl());
                return null;
            })).join();
            return sagas.loadSaga(TestSaga.class, sagaId);
        });

        assertThat(loaded.saga()).isEqualTo(new TestSaga("timed out"));
    }

    @Test
    void readsASagaAgainAfterItsOwnUnitOfWorkChangedIt() {
        stored(new TestSaga("paid"));

        SagaStore.Entry<TestSaga> loaded = inUnitOfWork(() -> {
            sagas.findSagas(TestSaga.class, order);
            sagas.updateSaga(TestSaga.class, sagaId, new TestSaga("reserved"), new AssociationValuesImpl());
            return sagas.loadSaga(TestSaga.class, sagaId);
        });

        assertThat(loaded.saga()).isEqualTo(new TestSaga("reserved"));
    }

    private void stored(TestSaga saga) {
        inUnitOfWork(() -> {
            sagas.insertSaga(TestSaga.class, sagaId, saga, Set.of(order, secondAssociation()));
            return null;
        });
    }

    private AssociationValue secondAssociation() {
        return new AssociationValue("paymentId", "payment-of-" + order.getValue());
    }

    /** One unit of work in one transaction, committed, as a saga batch or a deadline runs. */
    private <R> R inUnitOfWork(Supplier<R> work) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("work"));
        unitOfWork.attachTransaction(transactions);
        AtomicReference<R> result = new AtomicReference<>();
        unitOfWork.execute(() -> result.set(work.get()));
        return result.get();
    }

    record TestSaga(String step) {
    }
}
