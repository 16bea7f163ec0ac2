package orders;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Wiring that belongs to orders alone. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaSettings.class)
class OrdersConfig {
}
