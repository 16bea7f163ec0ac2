package payments;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentsConfig {

    /** Every order adds events to its customer's account, so busy accounts are loaded from a snapshot. */
    @Bean
    SnapshotTriggerDefinition accountSnapshotTrigger(Snapshotter snapshotter,
                                                     @Value("${eventshop.payments.snapshot-every:100}") int every) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, every);
    }

    /** Axon puts every EventUpcaster bean in the chain through which stored events are read. */
    @Bean
    EventUpcaster moneyDepositedUpcaster() {
        return new MoneyDepositedUpcaster();
    }
}
