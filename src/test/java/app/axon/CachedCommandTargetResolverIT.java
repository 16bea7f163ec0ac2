package app.axon;

import java.math.BigDecimal;
import java.util.UUID;

import app.IntegrationTest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import payments.api.DepositMoney;
import payments.api.OpenAccount;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's aggregates find their commands' targets through the cached resolver. */
@IntegrationTest
class CachedCommandTargetResolverIT {

    @Autowired
    private CommandGateway commands;
    @Autowired
    private CachedCommandTargetResolver resolver;

    @Test
    void aCommandToAnAccountIsResolvedByIt() {
        String customer = "resolver-" + UUID.randomUUID();
        commands.sendAndWait(new OpenAccount(customer, new BigDecimal("10.00"), "THB"));
        commands.sendAndWait(new DepositMoney(customer, new BigDecimal("5.00"), null));

        assertThat(resolver.resolvedTypes()).contains(DepositMoney.class);
    }
}
