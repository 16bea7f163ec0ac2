package app.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final DeadLetterSettings settings = new DeadLetterSettings(List.of("g"), Duration.ofSeconds(1), 2,
            Duration.ofSeconds(5), 5, Duration.ofSeconds(1), true);
    private final AtomicInteger failures = new AtomicInteger();
    private final BackoffPolicy policy = new BackoffPolicy(settings, Clock.fixed(NOW, ZoneOffset.UTC),
            failures::incrementAndGet);

    @Test
    void firstFailureIsEnqueuedWithTheInitialBackoff() {
        DeadLetter<? extends EventMessage<?>> letter = fail(freshLetter());

        assertThat(BackoffPolicy.retriesOf(letter)).isZero();
        assertThat(letter.diagnostics()).containsEntry(BackoffPolicy.BACKOFF_MILLIS, 1000L)
                .containsEntry(BackoffPolicy.NEXT_ATTEMPT, NOW.plusSeconds(1).toString())
                .containsEntry(BackoffPolicy.PARKED, false);
        assertThat(letter.cause()).hasValueSatisfying(cause -> assertThat(cause.message()).isEqualTo("boom"));
    }

    @Test
    void eachFailedRetryWaitsLongerUpToTheMaximumThenParksAndNeverEvicts() {
        DeadLetter<? extends EventMessage<?>> letter = fail(freshLetter());
        List<Long> backoffs = new java.util.ArrayList<>();
        for (int retry = 1; retry <= 3; retry++) {
            letter = fail(letter);
            backoffs.add(((Number) letter.diagnostics().get(BackoffPolicy.BACKOFF_MILLIS)).longValue());
        }
        assertThat(backoffs).containsExactly(2000L, 4000L, 5000L);
        assertThat(BackoffPolicy.isParked(letter)).isFalse();

        letter = fail(letter);

        assertThat(BackoffPolicy.retriesOf(letter)).isEqualTo(4);
        assertThat(BackoffPolicy.isParked(letter)).as("parked after the fifth try").isTrue();
        assertThat(letter.diagnostics()).doesNotContainKey(BackoffPolicy.NEXT_ATTEMPT);
        assertThat(BackoffPolicy.isDue(letter, NOW.plus(Duration.ofDays(365)))).isFalse();

        EnqueueDecision<EventMessage<?>> again = policy.decide(letter, new IllegalStateException("still"));
        assertThat(again.shouldEnqueue()).as("a parked letter that fails again stays").isTrue();
        assertThat(failures).hasValue(6);
    }

    @Test
    void aLetterIsDueOnceItsBackoffHasPassed() {
        DeadLetter<? extends EventMessage<?>> letter = fail(freshLetter());

        assertThat(BackoffPolicy.isDue(letter, NOW)).isFalse();
        assertThat(BackoffPolicy.isDue(letter, NOW.plusMillis(999))).isFalse();
        assertThat(BackoffPolicy.isDue(letter, NOW.plusSeconds(1))).isTrue();
        assertThat(BackoffPolicy.isDue(freshLetter(), NOW)).as("a letter queued behind, never tried").isTrue();
    }

    private DeadLetter<? extends EventMessage<?>> fail(DeadLetter<? extends EventMessage<?>> letter) {
        EnqueueDecision<EventMessage<?>> decision = policy.decide(letter, new IllegalStateException("boom"));
        assertThat(decision.shouldEnqueue()).isTrue();
        return decision.withDiagnostics(letter.withCause(decision.enqueueCause().orElse(null)));
    }

    private static DeadLetter<? extends EventMessage<?>> freshLetter() {
        return new GenericDeadLetter<>("account-1", GenericEventMessage.asEventMessage("deposit"));
    }
}
