package orders;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the OrderSaga waits for payments and for inventory before it compensates and cancels, and how soon it
 * tries again when a compensating command could not be delivered.
 */
@ConfigurationProperties("eventshop.saga")
record SagaSettings(@DefaultValue("30s") Duration paymentTimeout,
                    @DefaultValue("30s") Duration inventoryTimeout,
                    @DefaultValue("5s") Duration retryInterval) {
}
