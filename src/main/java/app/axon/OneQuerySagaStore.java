package app.axon;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * Axon's JPA saga store, except that a saga and its associations are loaded with one query instead of two: the
 * saga's row joined with its association rows. What is read is the same (the saga by id, its associations by id and
 * type), and everything else (finding, inserting, updating, deleting) is Axon's own. No saga is kept in memory: every
 * load reads the database, so a saga changed by another instance (a segment that moved, a deadline that fired there)
 * is never stale here.
 */
final class OneQuerySagaStore extends JpaSagaStore {

    private static final String LOAD_WITH_ASSOCIATIONS =
            "SELECT s.serializedSaga, s.sagaType, s.revision, a.associationKey, a.associationValue"
                    + " FROM SagaEntry s LEFT JOIN AssociationValueEntry a"
                    + " ON a.sagaId = s.sagaId AND a.sagaType = :sagaType"
                    + " WHERE s.sagaId = :sagaId";

    private final EntityManagerProvider entityManagerProvider;
    private final Serializer serializer;

    OneQuerySagaStore(EntityManagerProvider entityManagerProvider, Serializer serializer) {
        super(builder().entityManagerProvider(entityManagerProvider).serializer(serializer));
        this.entityManagerProvider = entityManagerProvider;
        this.serializer = serializer;
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        List<Object[]> rows = entityManagerProvider.getEntityManager()
                .createQuery(LOAD_WITH_ASSOCIATIONS, Object[].class)
                .setParameter("sagaType", serializer.typeForClass(sagaType).getName())
                .setParameter("sagaId", sagaIdentifier)
                .getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] saga = rows.get(0);
        S loaded = serializer.deserialize(new SimpleSerializedObject<>(
                (byte[]) saga[0], byte[].class, (String) saga[1], (String) saga[2]));
        Set<AssociationValue> associations = new HashSet<>();
        for (Object[] row : rows) {
            if (row[3] != null) {
                associations.add(new AssociationValue((String) row[3], (String) row[4]));
            }
        }
        return new Loaded<>(associations, loaded);
    }

    private record Loaded<S>(Set<AssociationValue> associationValues, S saga) implements Entry<S> {
    }
}
