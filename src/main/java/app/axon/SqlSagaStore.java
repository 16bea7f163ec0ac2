package app.axon;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.common.property.Property;
import org.axonframework.common.property.PropertyAccessStrategy;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Axon's JPA saga store in plain SQL: the same tables and rows ({@code saga_entry} and {@code association_value_entry}
 * as Axon's {@code JpaSagaStore} writes them), without Hibernate's work per statement (a flight recording of the
 * benchmark put Hibernate's query translation and flushes of saga rows at about a third of the saga thread). The
 * look-up of sagas by an association reads the sagas it finds as well, and a saga load by id is one query (the saga's
 * row joined with its association rows) instead of two.
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
final class SqlSagaStore implements SagaStore<Object> {

    private static final Logger log = LoggerFactory.getLogger(SqlSagaStore.class);

    /** A saga's row once per association of its type (once with none if it has no association). */
    private static final String SAGA_COLUMNS =
            "s.saga_id, s.serialized_saga, s.saga_type, s.revision, o.association_key, o.association_value";
    private static final String ITS_ASSOCIATIONS =
            " left join association_value_entry o on o.saga_id = s.saga_id and o.saga_type = ?";

    /** Left joins: an association whose saga row is gone still yields its id, as in Axon's look-up. */
    private static final String FIND_WITH_SAGAS = "select " + SAGA_COLUMNS + ", a.saga_id, a.association_value"
            + " from association_value_entry a left join saga_entry s on s.saga_id = a.saga_id" + ITS_ASSOCIATIONS
            + " where a.saga_type = ? and a.association_key = ? and a.association_value = any(?)";
    private static final String LOAD_WITH_ASSOCIATIONS =
            "select " + SAGA_COLUMNS + " from saga_entry s" + ITS_ASSOCIATIONS + " where s.saga_id = ?";

    private static final String INSERT_SAGA =
            "insert into saga_entry (saga_id, revision, saga_type, serialized_saga) values (?, ?, ?, ?)";
    private static final String UPDATE_SAGA =
            "update saga_entry set serialized_saga = ?, revision = ? where saga_id = ?";
    private static final String DELETE_SAGA = "delete from saga_entry where saga_id = ?";
    /**
     * The ids come from Axon's sequence, one number per row: Hibernate's pooled ids (blocks of 50 below or above a
     * number it drew) never meet a number drawn here, so rows Axon's own store wrote stay apart from these.
     */
    private static final String INSERT_ASSOCIATION = "insert into association_value_entry (id, association_key,"
            + " association_value, saga_id, saga_type) values (nextval('association_value_entry_seq'), ?, ?, ?, ?)";
    private static final String DELETE_ASSOCIATION = "delete from association_value_entry where association_key = ?"
            + " and association_value = ? and saga_type = ? and saga_id = ?";
    private static final String DELETE_ASSOCIATIONS = "delete from association_value_entry where saga_id = ?";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final String foundResource = Found.class.getName() + "@" + System.identityHashCode(this);
    private final String countedResource = foundResource + "/counted";
    private final String lookedUpResource = foundResource + "/lookedUp";
    /** Saga changes committed through this store on this instance: no saga data, only how many. */
    private final AtomicLong committedChanges = new AtomicLong();
    /** How each payload type's association properties are read (empty: it has none of that name). */
    private final Map<PayloadProperty, Optional<Property<Object>>> properties = new ConcurrentHashMap<>();

    SqlSagaStore(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
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
        String type = typeName(sagaType);
        List<Row> rows = jdbc.query(FIND_WITH_SAGAS, statement -> {
            statement.setString(1, type);
            statement.setString(2, type);
            statement.setString(3, associationValue.getKey());
            statement.setArray(4, statement.getConnection().createArrayOf("varchar", values.toArray()));
        }, (rs, row) -> new Row(rs, rs.getString(7), rs.getString(8)));
        Map<String, Set<String>> idsByValue = new HashMap<>();
        for (Row row : rows) {
            idsByValue.computeIfAbsent(row.foundBy(), value -> new TreeSet<>()).add(row.foundId());
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
        SerializedObject<byte[]> serialized = serializer.serialize(saga, byte[].class);
        jdbc.update(INSERT_SAGA, sagaIdentifier, serialized.getType().getRevision(), serialized.getType().getName(),
                serialized.getData());
        insertAssociations(typeName(sagaType), sagaIdentifier, associationValues);
    }

    /** As Axon's store: a saga whose row is gone is inserted again, with a warning. */
    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           AssociationValues associationValues) {
        changing(sagaType, sagaIdentifier);
        SerializedObject<byte[]> serialized = serializer.serialize(saga, byte[].class);
        int updated = jdbc.update(UPDATE_SAGA, serialized.getData(), serialized.getType().getRevision(),
                sagaIdentifier);
        String type = typeName(sagaType);
        insertAssociations(type, sagaIdentifier, associationValues.addedAssociations());
        for (AssociationValue removed : associationValues.removedAssociations()) {
            jdbc.update(DELETE_ASSOCIATION, removed.getKey(), removed.getValue(), type, sagaIdentifier);
        }
        if (updated == 0) {
            log.warn("Saga {} was to be updated but has no row; inserting it instead", sagaIdentifier);
            jdbc.update(INSERT_SAGA, sagaIdentifier, serialized.getType().getRevision(),
                    serialized.getType().getName(), serialized.getData());
        }
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        changing(sagaType, sagaIdentifier);
        jdbc.update(DELETE_ASSOCIATIONS, sagaIdentifier);
        jdbc.update(DELETE_SAGA, sagaIdentifier);
    }

    /** One JDBC batch, which {@code reWriteBatchedInserts} sends to PostgreSQL as one multi-row insert. */
    private void insertAssociations(String type, String sagaIdentifier, Set<AssociationValue> associationValues) {
        if (associationValues.isEmpty()) {
            return;
        }
        List<AssociationValue> values = new ArrayList<>(associationValues);
        jdbc.batchUpdate(INSERT_ASSOCIATION, values, values.size(), (PreparedStatement statement,
                                                                       AssociationValue value) -> {
            statement.setString(1, value.getKey());
            statement.setString(2, value.getValue());
            statement.setString(3, sagaIdentifier);
            statement.setString(4, type);
        });
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
        List<Row> rows = jdbc.query(LOAD_WITH_ASSOCIATIONS, (rs, row) -> new Row(rs, null, null),
                typeName(sagaType), sagaIdentifier);
        return sagasIn(rows, committedChanges.get()).get(sagaIdentifier);
    }

    private String typeName(Class<?> sagaType) {
        return serializer.typeForClass(sagaType).getName();
    }

    private Map<Key, Found> foundIn(UnitOfWork<?> root) {
        return root.getOrComputeResource(foundResource, key -> new HashMap<>());
    }

    private Map<Association, LookedUp> lookedUpIn(UnitOfWork<?> root) {
        return root.getOrComputeResource(lookedUpResource, key -> new HashMap<>());
    }

    /** The sagas in rows read with {@link #SAGA_COLUMNS}, by id. */
    private static Map<String, Found> sagasIn(List<Row> rows, long changesBefore) {
        Map<String, Found> sagas = new HashMap<>();
        for (Row row : rows) {
            if (row.sagaId() == null) {
                continue;
            }
            Found saga = sagas.computeIfAbsent(row.sagaId(), id -> new Found(
                    row.serialized(), row.type(), row.revision(), new HashSet<>(), changesBefore));
            if (row.associationKey() != null) {
                saga.associations().add(new AssociationValue(row.associationKey(), row.associationValue()));
            }
        }
        return sagas;
    }

    /** A row of {@link #SAGA_COLUMNS}, and for a look-up the association row that found it. */
    private record Row(String sagaId, byte[] serialized, String type, String revision, String associationKey,
                       String associationValue, String foundId, String foundBy) {

        Row(ResultSet rs, String foundId, String foundBy) throws SQLException {
            this(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), foundId, foundBy);
        }
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
