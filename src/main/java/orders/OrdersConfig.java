package orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring that belongs to orders alone. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaSettings.class)
class OrdersConfig {

    private static final Logger log = LoggerFactory.getLogger(OrdersConfig.class);

    /**
     * The saga's commands hold their aggregates' locks until its batch commits; with several segments, batches of
     * several orders lock shared products in different orders and deadlock (docs/cluster.md), one order per batch
     * never does.
     */
    @Bean
    InitializingBean sagaBatchesFitItsSegments(@Value("${eventshop.saga.segments:1}") int segments,
                                               @Value("${eventshop.saga.batch-size:20}") int batchSize) {
        return () -> {
            if (segments > 1 && batchSize > 1) {
                log.warn("The order saga runs on {} segments with batches of {} events: saga threads can deadlock on"
                        + " popular products; set eventshop.saga.batch-size=1", segments, batchSize);
            }
        };
    }
}
