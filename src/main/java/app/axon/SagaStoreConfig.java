package app.axon;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sagas stay in the database through Axon's JPA store, read with the look-up that finds them. Takes the place of the
 * store Axon's auto-configuration would make, with the same serializer (the primary one).
 */
@Configuration(proxyBeanMethods = false)
class SagaStoreConfig {

    @Bean
    SagaStore<Object> sagaStore(Serializer serializer, EntityManagerProvider entityManagerProvider) {
        return new OneQuerySagaStore(entityManagerProvider, serializer);
    }
}
