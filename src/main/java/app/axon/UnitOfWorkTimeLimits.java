package app.axon;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import app.operations.RepeatingTask;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time limits of Axon's units of work (a command, a query, an event processor's batch, a deadline): a warning
 * once one has run for its warning threshold and again at each interval, its thread interrupted and the unit failed
 * with an {@link AxonTimeoutException} once it has run for its timeout. Axon's own limits
 * ({@code UnitOfWorkTimeoutInterceptor}) schedule a task on one executor for the whole process and cancel it, both
 * under that executor's lock, and take a stack trace of the thread, for every unit of work: with three units per
 * order placed on the request thread alone, request threads waited on that lock for up to 161 ms while its holder
 * was preempted on two busy cores (benchmark/NOTES.md, tenth round). Here a unit of work only enters a concurrent
 * set and leaves it, and one watchdog thread looks at the set every {@link #TICK}; a stack trace is taken
 * only for a warning. The limits are Axon's own settings ({@code axon.timeout.transaction.*}), with their defaults;
 * a timeout or warning threshold of 0 or less is none.
 */
public final class UnitOfWorkTimeLimits extends RepeatingTask {

    static final Duration TICK = Duration.ofMillis(100);
    private static final String RESOURCE = UnitOfWorkTimeLimits.class.getName();
    private static final Logger log = LoggerFactory.getLogger(UnitOfWorkTimeLimits.class);

    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final LongSupplier nanoClock;

    public UnitOfWorkTimeLimits() {
        this(System::nanoTime);
    }

    /** With a clock of its own (nanoseconds, as {@link System#nanoTime()}), for tests that move time on. */
    UnitOfWorkTimeLimits(LongSupplier nanoClock) {
        super("unit-of-work-time-limits", TICK, TICK);
        this.nanoClock = nanoClock;
    }

    /**
     * The interceptor that limits the units of work of one component (named in the warnings). A unit of work nested
     * in another (a saga's command in its batch) runs under its root's limit.
     */
    public Interceptor interceptor(String component, TaskTimeoutSettings settings) {
        return new Interceptor(component, settings);
    }

    /** The limits of one component's units of work. */
    public final class Interceptor implements MessageHandlerInterceptor<Message<?>> {

        private final String component;
        private final TaskTimeoutSettings settings;

        private Interceptor(String component, TaskTimeoutSettings settings) {
            this.component = component;
            this.settings = settings;
        }

        String component() {
            return component;
        }

        @Override
        public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
            UnitOfWork<?> root = unitOfWork.root();
            Running limit = root.getResource(RESOURCE);
            if (limit == null) {
                Running started = new Running(component, root.getMessage(), settings, Thread.currentThread(),
                        millis());
                root.resources().put(RESOURCE, started);
                running.add(started);
                root.onCleanup(done -> {
                    running.remove(started);
                    started.finish();
                });
                limit = started;
            }
            Object result;
            try {
                result = chain.proceed();
            } catch (Exception failure) {
                throw limit.interrupted() ? limit.timedOut(failure) : failure;
            }
            if (limit.interrupted()) {
                throw limit.timedOut(null);
            }
            return result;
        }
    }

    /** Whether a unit of work runs under a limit (its root's). */
    static boolean limits(UnitOfWork<?> unitOfWork) {
        return unitOfWork.root().resources().containsKey(RESOURCE);
    }

    /** How many root units of work are running now under a limit. */
    int running() {
        return running.size();
    }

    /** One look at the running units: a warning for each one due, an interrupt for each one past its timeout. */
    @Override
    protected void runOnce() {
        long now = millis();
        running.forEach(limit -> limit.check(now));
    }

    /**
     * Starts before Axon's event processors and stops after them, so that a batch that hangs while they stop is
     * still interrupted.
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 - 1;
    }

    private long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong());
    }

    /** One root unit of work under its limit; its thread is interrupted at most once, and never after it finished. */
    private static final class Running {

        private final String component;
        private final Message<?> message;
        private final TaskTimeoutSettings settings;
        private final Thread thread;
        private final long startMs;
        private long nextWarningMs;
        private boolean finished;
        private volatile boolean interrupted;

        Running(String component, Message<?> message, TaskTimeoutSettings settings, Thread thread, long startMs) {
            this.component = component;
            this.message = message;
            this.settings = settings;
            this.thread = thread;
            this.startMs = startMs;
            this.nextWarningMs = settings.getWarningThresholdMs() <= 0 ? Long.MAX_VALUE
                    : startMs + settings.getWarningThresholdMs();
        }

        /** Only the watchdog calls this. */
        void check(long now) {
            long elapsed = now - startMs;
            if (settings.getTimeoutMs() > 0 && elapsed >= settings.getTimeoutMs()) {
                interrupt(elapsed);
            } else if (now >= nextWarningMs) {
                nextWarningMs = settings.getWarningIntervalMs() > 0 ? now + settings.getWarningIntervalMs()
                        : Long.MAX_VALUE;
                log.warn("{} has run for {} ms; it is interrupted after {} ms. Its thread [{}] is at:\n{}", name(),
                        elapsed, settings.getTimeoutMs(), thread.getName(), Arrays.stream(thread.getStackTrace())
                                .map(frame -> "\tat " + frame).collect(Collectors.joining("\n")));
            }
        }

        private synchronized void interrupt(long elapsed) {
            if (finished || interrupted) {
                return;
            }
            interrupted = true;
            log.warn("{} has run for {} ms, past its limit of {} ms: interrupting its thread [{}]", name(), elapsed,
                    settings.getTimeoutMs(), thread.getName());
            thread.interrupt();
        }

        /** On the unit's own thread, once it committed or rolled back: an interrupt it did not see is cleared. */
        synchronized void finish() {
            finished = true;
            if (interrupted && Thread.currentThread() == thread) {
                Thread.interrupted();
            }
        }

        boolean interrupted() {
            return interrupted;
        }

        AxonTimeoutException timedOut(Exception failure) {
            AxonTimeoutException timedOut = new AxonTimeoutException(name() + " has timed out");
            if (failure != null) {
                timedOut.initCause(failure);
            }
            return timedOut;
        }

        String name() {
            return component + " handling " + (message == null ? "a batch" : message.getPayloadType().getSimpleName());
        }
    }
}
