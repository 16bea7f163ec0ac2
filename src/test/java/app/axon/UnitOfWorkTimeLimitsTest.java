package app.axon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Units of work on a real command bus, with limits of a few hundred milliseconds. */
class UnitOfWorkTimeLimitsTest {

    private static final String COMMAND = "test.limited";

    private final UnitOfWorkTimeLimits limits = new UnitOfWorkTimeLimits();
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();

    @AfterEach
    void stopWatchdog() {
        limits.close();
        Thread.interrupted();
    }

    @Test
    void aCommandRunningPastItsTimeoutIsInterruptedAndFailsWithATimeout() {
        limit(new TaskTimeoutSettings(300, -1, 1000));
        handle(command -> {
            Thread.sleep(10_000);
            return "done";
        });

        long start = System.nanoTime();
        CommandResultMessage<?> result = dispatch();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(AxonTimeoutException.class)
                .hasMessageContaining("CommandBus handling String has timed out");
        assertThat(Thread.currentThread().isInterrupted()).as("the thread's interrupt is cleared").isFalse();
        assertThat(limits.running()).isZero();
    }

    @Test
    void aHandlerThatSwallowsTheInterruptStillFailsItsUnitOfWork() {
        limit(new TaskTimeoutSettings(300, -1, 1000));
        handle(command -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException swallowed) {
                // a handler that ignores the interrupt and finishes as if nothing happened
            }
            return "done";
        });

        CommandResultMessage<?> result = dispatch();

        assertThat(result.exceptionResult()).isInstanceOf(AxonTimeoutException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aUnitOfWorkFinishedInTimeLeavesItsThreadAloneAfterwards() throws InterruptedException {
        limit(new TaskTimeoutSettings(200, 100, 100));
        handle(command -> "done");

        CommandResultMessage<?> result = dispatch();
        Thread.sleep(600); // three times the timeout: an interrupt now would throw here

        assertThat(result.getPayload()).isEqualTo("done");
        assertThat(limits.running()).isZero();
    }

    @Test
    void nestedUnitsOfWorkRunUnderTheLimitOfTheirRoot() {
        limit(new TaskTimeoutSettings(60_000, 10_000, 1000));
        AtomicInteger runningInHandler = new AtomicInteger();
        handle(command -> {
            runningInHandler.set(limits.running());
            return UnitOfWorkTimeLimits.limits(CurrentUnitOfWork.get());
        });

        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(null);
        CommandResultMessage<?> first = dispatch();
        CommandResultMessage<?> second = dispatch();
        assertThat(limits.running()).as("both commands under the root's one limit").isEqualTo(1);
        root.commit();

        assertThat(first.getPayload()).isEqualTo(true);
        assertThat(second.getPayload()).isEqualTo(true);
        assertThat(runningInHandler).hasValue(1);
        assertThat(limits.running()).isZero();
    }

    @Test
    void aSlowUnitOfWorkIsReportedWithWhereItsThreadIs() {
        Logger logger = (Logger) LoggerFactory.getLogger(UnitOfWorkTimeLimits.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try {
            limit(new TaskTimeoutSettings(-1, 100, 150));
            AtomicReference<String> handlerThread = new AtomicReference<>();
            handle(command -> {
                handlerThread.set(Thread.currentThread().getName());
                Thread.sleep(500);
                return "done";
            });

            CommandResultMessage<?> result = dispatch();

            assertThat(result.getPayload()).as("no timeout, only warnings").isEqualTo("done");
            List<String> messages = warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(messages).hasSizeBetween(2, 4).allSatisfy(message -> assertThat(message)
                    .contains("CommandBus handling String has run for")
                    .contains(handlerThread.get())
                    .contains("Thread.sleep"));
        } finally {
            logger.detachAppender(warnings);
        }
    }

    private void limit(TaskTimeoutSettings settings) {
        commandBus.registerHandlerInterceptor(limits.interceptor("CommandBus", settings));
    }

    private void handle(MessageHandler<CommandMessage<?>> handler) {
        commandBus.subscribe(COMMAND, handler);
    }

    private CommandResultMessage<?> dispatch() {
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        commandBus.dispatch(new GenericCommandMessage<>(new GenericMessage<>("payload"), COMMAND),
                (command, outcome) -> result.set(outcome));
        return result.get();
    }
}
