package app.axon;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.property.Property;
import org.axonframework.common.property.PropertyAccessStrategy;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * Axon's JPA saga store, except that the look-up of sagas by an association reads the sagas it finds as well, and a
 * saga load by id is one query (the saga's row joined with its association rows) instead of two. Inserting,
 * updating and deleting are Axon's own.
 * <p>
 * Axon's saga manager ({@code AbstractSagaManager.handle}) looks the sagas of an event up ({@code findSagas}, through
 * {@code AnnotatedSagaRepository.find}) and then loads each of its segment that the unit of work does not hold yet
 * ({@code loadSaga}, through {@code LockingSagaRepository.load}), right after, on the same thread, in the same unit of
 * work. So the look-up joins the sagas' rows and associations, and the unit of work remembers what it read until
 * the load takes it: one query per event instead of two. In a saga batch the first look-up of a key takes the
 * sagas of every event in the batch (one query per batch instead of one per event). Nothing is remembered beyond the
 * unit of work, and a load by id without a look-up before it (a deadline that fires) reads the database.
 * <p>
 * Why the remembered copy is not stale when the load takes it: the look-up runs before the repository takes the
 * saga's lock, the load after. On this instance every change to a saga commits while its writer holds that lock
 * (a deadline's unit of work loads the saga through the same repository), so a change that commits in between
 * makes the load wait for its writer; each writer counts its commit before its cleanup lets the lock go, and a load
 * that sees another count than its look-up started with reads the database. A change the unit of work makes itself
 * forgets its copy. Another instance (a deadline that fired there) takes no lock here: it may commit between this
 * instance's load and commit with Axon's own store too; the copy moves the start of that window from the load to
 * the batch's first look-up, within the same batch whose first sagas are held until its commit in any case.
 */
final class OneQuerySagaStore extends JpaSagaStore {

    /** A saga's row once per association of its type (once with none if it has no association). */
    private static final String SAGA_COLUMNS =
            "s.sagaId, s.serializedSaga, s.sagaType, s.revision, o.associationKey, o.associationValue";
    private static final String ITS_ASSOCIATIONS =
            " LEFT JOIN AssociationValueEntry o ON o.sagaId = s.sagaId AND o.sagaType = :sagaType";

    /** Left joins: an association whose saga row is gone still yields its id, as in Axon's look-up. */
    private static final String FIND_WITH_SAGAS = "SELECT " + SAGA_COLUMNS + ", a.sagaId, a.associationValue"
            + " FROM AssociationValueEntry a LEFT JOIN SagaEntry s ON s.sagaId = a.sagaId" + ITS_ASSOCIATIONS
            + " WHERE a.associationKey = :associationKey AND a.associationValue IN (:associationValues)"
            + " AND a.sagaType = :sagaType";

    private static final String LOAD_WITH_ASSOCIATIONS =
            "SELECT " + SAGA_COLUMNS + " FROM SagaEntry s" + ITS_ASSOCIATIONS + " WHERE s.sagaId = :sagaId";

    private final EntityManagerProvider entityManagerProvider;
    private final Serializer serializer;
    private final String foundResource = Found.class.getName() + "@" + System.identityHashCode(this);
    private final String countedResource = foundResource + "/counted";
    private final String lookedUpResource = foundResource + "/lookedUp";
    /** How each payload type's association properties are read (empty: it has none of that name). */
    private final Map<PayloadProperty, Optional<Property<Object>>> properties = new ConcurrentHashMap<>();
    /** Saga changes committed through this store on this instance: no saga data, only how many. */
    private final AtomicLong committedChanges = new AtomicLong();

    OneQuerySagaStore(EntityManagerProvider entityManagerProvider, Serializer serializer) {
        super(builder().entityManagerProvider(entityManagerProvider).serializer(serializer));
        this.entityManagerProvider = entityManagerProvider;
        this.serializer = serializer;
    }

    /**
     * In a batch of events (a tracking processor's unit of work), the first look-up of a key looks up that key's
     * value in every event of the batch at once; the look-ups of the others are then answered from what it read, as
     * long as no saga change has committed on this instance meanwhile. Until the batch commits, its own changes to
     * sagas are not in the database either: Axon's saga repository adds them to what the store finds.
     */
    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        UnitOfWork<?> root = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root() : null;
        if (root != null) {
            LookedUp known = lookedUpIn(root).remove(new Association(sagaType, associationValue));
            if (known != null && known.changesBefore() == committedChanges.get()) {
                return new TreeSet<>(known.sagaIds());
            }
        }
        Set<String> values = new TreeSet<>();
        values.add(associationValue.getValue());
        if (root instanceof BatchingUnitOfWork<?> batch) {
            values.addAll(valuesIn(batch.getMessages(), associationValue.getKey()));
        }
        long changesBefore = committedChanges.get();
        List<Object[]> rows = entityManagerProvider.getEntityManager()
                .createQuery(FIND_WITH_SAGAS, Object[].class)
                .setParameter("associationKey", associationValue.getKey())
                .setParameter("associationValues", values)
                .setParameter("sagaType", serializer.typeForClass(sagaType).getName())
                .getResultList();
        Map<String, Set<String>> idsByValue = new HashMap<>();
        for (Object[] row : rows) {
            idsByValue.computeIfAbsent((String) row[7], value -> new TreeSet<>()).add((String) row[6]);
        }
        if (root != null) {
            Map<Association, LookedUp> lookedUp = lookedUpIn(root);
            for (String value : values) {
                if (!value.equals(associationValue.getValue())) {
                    lookedUp.put(new Association(sagaType, new AssociationValue(associationValue.getKey(), value)),
                            new LookedUp(idsByValue.getOrDefault(value, Set.of()), changesBefore));
                }
            }
            Map<Key, Found> found = foundIn(root);
            sagasIn(rows, changesBefore).forEach((id, saga) -> found.put(new Key(sagaType, id), saga));
        }
        return idsByValue.getOrDefault(associationValue.getValue(), new TreeSet<>());
    }

    /** The values of the payload property named {@code key} in the messages that have one, as Axon resolves them. */
    private Set<String> valuesIn(List<? extends Message<?>> messages, String key) {
        Set<String> values = new TreeSet<>();
        for (Message<?> message : messages) {
            Object payload = message.getPayload();
            Optional<Property<Object>> property = properties.computeIfAbsent(
                    new PayloadProperty(message.getPayloadType(), key),
                    typeAndKey -> Optional.ofNullable(PropertyAccessStrategy.getProperty(typeAndKey.type(), key)));
            Object value = property.isPresent() && payload != null ? property.get().getValue(payload) : null;
            if (value != null) {
                values.add(value.toString());
            }
        }
        return values;
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        Found found = CurrentUnitOfWork.isStarted()
                ? foundIn(CurrentUnitOfWork.get().root()).remove(new Key(sagaType, sagaIdentifier))
                : null;
        if (found == null || found.changesBefore() != committedChanges.get()) {
            found = read(sagaType, sagaIdentifier);
        }
        if (found == null) {
            return null;
        }
        S saga = serializer.deserialize(new SimpleSerializedObject<>(
                found.serialized(), byte[].class, found.type(), found.revision()));
        return new Loaded<>(found.associations(), saga);
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           Set<AssociationValue> associationValues) {
        changing(sagaType, sagaIdentifier);
        super.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           AssociationValues associationValues) {
        changing(sagaType, sagaIdentifier);
        super.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        changing(sagaType, sagaIdentifier);
        super.deleteSaga(sagaType, sagaIdentifier, associationValues);
    }

    /**
     * The change is counted once the unit of work has committed, before its cleanup releases the saga's lock (Axon's
     * locking repository releases it on cleanup). Without a unit of work no commit can be waited for: counted at
     * once, which makes a look-up of a concurrent unit of work read the saga again rather than trust its copy.
     */
    private void changing(Class<?> sagaType, String sagaIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            committedChanges.incrementAndGet();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        foundIn(root).remove(new Key(sagaType, sagaIdentifier));
        root.getOrComputeResource(countedResource, key -> {
            root.afterCommit(committed -> committedChanges.incrementAndGet());
            return Boolean.TRUE;
        });
    }

    private Found read(Class<?> sagaType, String sagaIdentifier) {
        List<Object[]> rows = entityManagerProvider.getEntityManager()
                .createQuery(LOAD_WITH_ASSOCIATIONS, Object[].class)
                .setParameter("sagaType", serializer.typeForClass(sagaType).getName())
                .setParameter("sagaId", sagaIdentifier)
                .getResultList();
        return sagasIn(rows, committedChanges.get()).get(sagaIdentifier);
    }

    private Map<Key, Found> foundIn(UnitOfWork<?> root) {
        return root.getOrComputeResource(foundResource, key -> new HashMap<>());
    }

    private Map<Association, LookedUp> lookedUpIn(UnitOfWork<?> root) {
        return root.getOrComputeResource(lookedUpResource, key -> new HashMap<>());
    }

    /** The sagas in rows that start with {@link #SAGA_COLUMNS}, by id. */
    private static Map<String, Found> sagasIn(List<Object[]> rows, long changesBefore) {
        Map<String, Found> sagas = new HashMap<>();
        for (Object[] row : rows) {
            if (row[0] == null) {
                continue;
            }
            Found saga = sagas.computeIfAbsent((String) row[0], id -> new Found(
                    (byte[]) row[1], (String) row[2], (String) row[3], new HashSet<>(), changesBefore));
            if (row[4] != null) {
                saga.associations().add(new AssociationValue((String) row[4], (String) row[5]));
            }
        }
        return sagas;
    }

    private record Key(Class<?> sagaType, String sagaIdentifier) {
    }

    private record Association(Class<?> sagaType, AssociationValue value) {
    }

    private record LookedUp(Set<String> sagaIds, long changesBefore) {
    }

    private record PayloadProperty(Class<?> type, String key) {
    }

    private record Found(byte[] serialized, String type, String revision, Set<AssociationValue> associations,
                         long changesBefore) {
    }

    private record Loaded<S>(Set<AssociationValue> associationValues, S saga) implements Entry<S> {
    }
}
