package app.axon;

import org.axonframework.modelling.saga.ResourceInjector;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sagas stay in the database in Axon's JPA tables, written and read with plain SQL ({@link SqlSagaStore}). Takes the
 * place of the store Axon's auto-configuration would make, with the same serializer (the primary one), and of the
 * injector that gives sagas their beans.
 */
@Configuration(proxyBeanMethods = false)
class SagaStoreConfig {

    @Bean
    SagaStore<Object> sagaStore(Serializer serializer, JdbcTemplate jdbc) {
        return new SqlSagaStore(jdbc, serializer);
    }

    /** Takes the place of Axon's {@code SpringResourceInjector}, which autowires every saga it loads afresh. */
    @Bean
    ResourceInjector resourceInjector(BeanFactory beans) {
        return new SagaResourceInjector(beans);
    }
}
