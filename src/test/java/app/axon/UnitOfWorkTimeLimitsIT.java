package app.axon;

import java.util.concurrent.atomic.AtomicReference;

import app.IntegrationTest;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's commands, queries and event processor batches run under a time limit, and only one: Axon's own
 * is left out.
 */
@IntegrationTest
class UnitOfWorkTimeLimitsIT {

    private static final String NAME = "test.time-limited";

    @Autowired
    private CommandBus commandBus;
    @Autowired
    private QueryBus queryBus;
    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void everyEventProcessorsBatchesRunUnderOneTimeLimit() {
        assertThat(processing.eventProcessors()).isNotEmpty().allSatisfy((name, processor) -> {
            assertThat(processor.getHandlerInterceptors())
                    .filteredOn(UnitOfWorkTimeLimits.Interceptor.class::isInstance)
                    .map(interceptor -> ((UnitOfWorkTimeLimits.Interceptor) interceptor).component())
                    .containsExactly("EventProcessor " + name);
            assertThat(processor.getHandlerInterceptors()).noneMatch(UnitOfWorkTimeoutInterceptor.class::isInstance);
        });
    }

    @Test
    void commandsRunUnderATimeLimit() {
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        Registration handler = commandBus.subscribe(NAME, command -> limitsOfThisUnitOfWork());
        try {
            commandBus.dispatch(new GenericCommandMessage<>(new GenericMessage<>("check"), NAME),
                    (command, outcome) -> result.set(outcome));
        } finally {
            handler.cancel();
        }

        assertThat(result.get().getPayload()).isEqualTo("limited once");
    }

    @Test
    void queriesRunUnderATimeLimit() throws Exception {
        Registration handler = queryBus.subscribe(NAME, String.class, query -> limitsOfThisUnitOfWork());
        try {
            Object answer = queryBus.query(new GenericQueryMessage<>("check", NAME,
                    ResponseTypes.instanceOf(String.class))).get().getPayload();

            assertThat(answer).isEqualTo("limited once");
        } finally {
            handler.cancel();
        }
    }

    /** Axon's own limit would have put its task among the root's resources too. */
    private static String limitsOfThisUnitOfWork() {
        var resources = CurrentUnitOfWork.get().root().resources();
        boolean ours = UnitOfWorkTimeLimits.limits(CurrentUnitOfWork.get());
        boolean axons = resources.containsKey("_transactionTimeLimit");
        return ours && !axons ? "limited once" : "ours " + ours + ", Axon's " + axons;
    }
}
