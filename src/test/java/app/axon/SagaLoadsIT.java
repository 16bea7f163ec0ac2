package app.axon;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.sql.DataSource;

import app.IntegrationTest;
import app.StatementCounts;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How the saga store reads a saga: with the look-up that finds it, as Axon's saga manager looks up and then loads
 * in one unit of work, and afresh whenever it may have changed since; and that its rows are those of Axon's own store.
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
    @Autowired
    private EntityManagerProvider entityManagers;

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

    /** Sagas written before this store (by Axon's JPA store) are read, and Axon's store reads what this one wrote. */
    @Test
    void writesAndReadsTheRowsOfAxonsOwnStore() {
        JpaSagaStore axons = JpaSagaStore.builder().entityManagerProvider(entityManagers).serializer(serializer)
                .build();
        AssociationValue axonsOrder = new AssociationValue("orderId", UUID.randomUUID().toString());
        String axonsSaga = UUID.randomUUID().toString();
        stored(new TestSaga("paid"));
        inUnitOfWork(() -> {
            axons.insertSaga(TestSaga.class, axonsSaga, new TestSaga("written by Axon"), Set.of(axonsOrder));
            return null;
        });

        SagaStore.Entry<TestSaga> readByAxon = inUnitOfWork(() -> axons.loadSaga(TestSaga.class, sagaId));
        Set<String> foundHere = inUnitOfWork(() -> sagas.findSagas(TestSaga.class, axonsOrder));
        SagaStore.Entry<TestSaga> readHere = inUnitOfWork(() -> sagas.loadSaga(TestSaga.class, axonsSaga));

        inUnitOfWork(() -> {
            sagas.deleteSaga(TestSaga.class, axonsSaga, Set.of(axonsOrder));
            return null;
        });
        assertThat(readByAxon.saga()).isEqualTo(new TestSaga("paid"));
        assertThat(readByAxon.associationValues()).containsExactlyInAnyOrder(order, secondAssociation());
        assertThat(foundHere).containsExactly(axonsSaga);
        assertThat(readHere.saga()).isEqualTo(new TestSaga("written by Axon"));
        assertThat(readHere.associationValues()).containsExactly(axonsOrder);
        assertThat(inUnitOfWork(() -> axons.findSagas(TestSaga.class, axonsOrder))).isEmpty();
    }

    /** A saga batch with the events of three orders: two with a saga, one without. */
    @Test
    void looksUpTheSagasOfAWholeBatchWithItsFirstLookUp() {
        assumeTrue(StatementCounts.available(dataSource), "pg_stat_statements is not installed in this database");
        stored(new TestSaga("paid"));
        AssociationValue other = new AssociationValue("orderId", UUID.randomUUID().toString());
        AssociationValue none = new AssociationValue("orderId", UUID.randomUUID().toString());
        String otherSaga = UUID.randomUUID().toString();
        inUnitOfWork(() -> {
            sagas.insertSaga(TestSaga.class, otherSaga, new TestSaga("created"), Set.of(other));
            return null;
        });
        StatementCounts before = StatementCounts.of(dataSource);
        Map<AssociationValue, Set<String>> found = new HashMap<>();

        SagaStore.Entry<TestSaga> loaded = inBatch(List.of(paid(order), paid(other), paid(none)), () -> {
            for (AssociationValue association : List.of(order, other, none)) {
                found.put(association, sagas.findSagas(TestSaga.class, association));
            }
            return sagas.loadSaga(TestSaga.class, otherSaga);
        });

        StatementCounts spent = StatementCounts.of(dataSource).since(before);
        jdbc.update("delete from association_value_entry where saga_id = ?", otherSaga);
        jdbc.update("delete from saga_entry where saga_id = ?", otherSaga);
        assertThat(found).containsEntry(order, Set.of(sagaId)).containsEntry(other, Set.of(otherSaga))
                .containsEntry(none, Set.of());
        assertThat(loaded.saga()).isEqualTo(new TestSaga("created"));
        assertThat(spent.selectsFrom("association_value_entry")).as("look-ups").isEqualTo(1);
        assertThat(spent.selectsFrom("saga_entry")).as("loads").isZero();
    }

    /** A deadline that ends a saga on another thread while a batch that looked its event up goes on. */
    @Test
    void looksUpAgainInABatchWhenAnotherUnitOfWorkChangedASagaMeanwhile() {
        stored(new TestSaga("paid"));
        AssociationValue other = new AssociationValue("orderId", UUID.randomUUID().toString());

        Set<String> found = inBatch(List.of(paid(other), paid(order)), () -> {
            sagas.findSagas(TestSaga.class, other);
            CompletableFuture.runAsync(() -> inUnitOfWork(() -> {
                sagas.deleteSaga(TestSaga.class, sagaId, Set.of(order, secondAssociation()));
                return null;
            })).join();
            return sagas.findSagas(TestSaga.class, order);
        });

        assertThat(found).isEmpty();
    }

    private static EventMessage<?> paid(AssociationValue order) {
        return GenericEventMessage.asEventMessage(new Paid(order.getValue()));
    }

    /** A tracking processor's unit of work: the batch's events, one transaction, committed. */
    private <R> R inBatch(List<EventMessage<?>> events, Supplier<R> work) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.start();
        unitOfWork.attachTransaction(transactions);
        R result = work.get();
        unitOfWork.commit();
        return result;
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

    record Paid(String orderId) {
    }
}
