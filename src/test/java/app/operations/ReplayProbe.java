package app.operations;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import app.IntegrationTest;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.replay.ResetContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import payments.api.MoneyDeposited;

/**
 * A projection for tests only, in the shared test application: it counts how often each deposit was handled and
 * keeps the reset contexts it was given, so that a test can see which events a replay handled again.
 */
@Component
@ConditionalOnProperty(IntegrationTest.DRILLS)
@ProcessingGroup(ReplayProbe.GROUP)
class ReplayProbe {

    static final String GROUP = "replay-probe";

    private static final Map<String, AtomicInteger> HANDLED = new ConcurrentHashMap<>();
    private static final List<Object> RESETS = new CopyOnWriteArrayList<>();

    static int timesHandled(String eventId) {
        AtomicInteger count = HANDLED.get(eventId);
        return count == null ? 0 : count.get();
    }

    static List<Object> resetContexts() {
        return RESETS;
    }

    @EventHandler
    void on(MoneyDeposited event, EventMessage<?> message) {
        HANDLED.computeIfAbsent(message.getIdentifier(), id -> new AtomicInteger()).incrementAndGet();
    }

    @ResetHandler
    void onReset(ResetContext<?> reset) {
        RESETS.add(reset.getPayload());
    }
}
