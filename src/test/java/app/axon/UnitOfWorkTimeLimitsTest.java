package app.axon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Units of work on a real command bus. The test moves the limits' clock on and makes the watchdog's rounds itself, so
 * nothing waits for time to pass.
 */
class UnitOfWorkTimeLimitsTest {

    private static final String COMMAND = "test.limited";

    private final AtomicLong nanos = new AtomicLong();
    private final UnitOfWorkTimeLimits limits = new UnitOfWorkTimeLimits(nanos::get);
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
    private final CountDownLatch handling = new CountDownLatch(1);
    private final CountDownLatch never = new CountDownLatch(1);

    @Test
    void aCommandRunningPastItsTimeoutIsInterruptedAndFailsWithATimeout() throws Exception {
        limit(new TaskTimeoutSettings(300, -1, 1000));
        handle(command -> {
            handling.countDown();
            never.await();
            return "done";
        });
        CompletableFuture<Dispatched> dispatched = CompletableFuture.supplyAsync(this::dispatchAndLookAtThread);
        assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();

        later(Duration.ofMillis(299));
        assertThat(dispatched).as("not yet at its timeout").isNotDone();
        later(Duration.ofMillis(1));
        Dispatched result = dispatched.get(10, TimeUnit.SECONDS);

        assertThat(result.outcome().exceptionResult()).isInstanceOf(AxonTimeoutException.class)
                .hasMessageContaining("CommandBus handling String has timed out");
        assertThat(result.threadInterruptedAfterwards()).as("the thread's interrupt is cleared").isFalse();
        assertThat(limits.running()).isZero();
    }

    @Test
    void aHandlerThatSwallowsTheInterruptStillFailsItsUnitOfWork() throws Exception {
        limit(new TaskTimeoutSettings(300, -1, 1000));
        handle(command -> {
            handling.countDown();
            try {
                never.await();
            } catch (InterruptedException swallowed) {
                // a handler that ignores the interrupt and finishes as if nothing happened
            }
            return "done";
        });
        CompletableFuture<Dispatched> dispatched = CompletableFuture.supplyAsync(this::dispatchAndLookAtThread);
        assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();

        later(Duration.ofMillis(300));
        Dispatched result = dispatched.get(10, TimeUnit.SECONDS);

        assertThat(result.outcome().exceptionResult()).isInstanceOf(AxonTimeoutException.class);
        assertThat(result.threadInterruptedAfterwards()).isFalse();
    }

    @Test
    void aUnitOfWorkFinishedInTimeLeavesItsThreadAloneAfterwards() {
        limit(new TaskTimeoutSettings(200, 100, 100));
        handle(command -> "done");

        CommandResultMessage<?> result = dispatch();
        later(Duration.ofSeconds(10)); // on this thread: were the unit still watched, this thread would be interrupted

        assertThat(result.getPayload()).isEqualTo("done");
        assertThat(Thread.interrupted()).isFalse();
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
    void aSlowUnitOfWorkIsReportedAtItsThresholdAndEachIntervalWithWhereItsThreadIs() {
        Logger logger = (Logger) LoggerFactory.getLogger(UnitOfWorkTimeLimits.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try {
            limit(new TaskTimeoutSettings(-1, 100, 150));
            handle(command -> {
                later(Duration.ofMillis(99));
                later(Duration.ofMillis(1));
                later(Duration.ofMillis(149));
                later(Duration.ofMillis(1));
                later(Duration.ofMillis(150));
                return "done";
            });

            CommandResultMessage<?> result = dispatch();

            assertThat(result.getPayload()).as("no timeout, only warnings").isEqualTo("done");
            List<String> messages = warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(messages).hasSize(3).allSatisfy(message -> assertThat(message)
                    .contains("CommandBus handling String has run for")
                    .contains(Thread.currentThread().getName())
                    .contains(UnitOfWorkTimeLimitsTest.class.getName()));
            assertThat(messages).extracting(message -> message.substring(0, message.indexOf(" ms")))
                    .containsExactly("CommandBus handling String has run for 100",
                            "CommandBus handling String has run for 250",
                            "CommandBus handling String has run for 400");
        } finally {
            logger.detachAppender(warnings);
        }
    }

    /** Moves the clock on and makes one round of the watchdog. */
    private void later(Duration time) {
        nanos.addAndGet(time.toNanos());
        limits.runOnce();
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

    private Dispatched dispatchAndLookAtThread() {
        CommandResultMessage<?> outcome = dispatch();
        return new Dispatched(outcome, Thread.currentThread().isInterrupted());
    }

    private record Dispatched(CommandResultMessage<?> outcome, boolean threadInterruptedAfterwards) {
    }
}
