package app.console;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import app.operations.Processors;
import org.springframework.stereotype.Component;

/**
 * The replays started from the console and when each finished. A replay counts as finished once the processor
 * is no longer replaying and has reached the event that was newest when it was asked for: what existed then has
 * been handled again. A short replay can end between two looks at the processor, so the outcome is remembered.
 */
@Component
class Replays {

    private final Processors processors;
    private final StoreHead head;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Replay> latest = new ConcurrentHashMap<>();

    Replays(Processors processors, StoreHead head) {
        this.processors = processors;
        this.head = head;
    }

    /**
     * @throws Processors.NotFound when there is no such processor
     * @throws Processors.CannotReplay when it cannot be replayed
     */
    Replay start(String processor, Instant from) {
        long target = head.read().head();
        Instant requestedAt = clock.instant();
        Processors.ProcessorStatus status = processors.replay(processor, from);
        Replay replay = new Replay(from, requestedAt, target, null);
        latest.put(processor, replay);
        observe(status);
        return latest.get(processor);
    }

    Optional<Replay> latest(String processor) {
        return Optional.ofNullable(latest.get(processor));
    }

    /** Marks the processor's replay finished when this status shows it is. */
    void observe(Processors.ProcessorStatus status) {
        latest.computeIfPresent(status.name(), (name, replay) -> replay.finishedAt() != null || !finished(replay, status)
                ? replay : replay.finishedAt(clock.instant()));
    }

    private static boolean finished(Replay replay, Processors.ProcessorStatus status) {
        boolean claimed = !status.segments().isEmpty();
        boolean reached = replay.target() == 0 || (status.position() != null && status.position() >= replay.target());
        return claimed && !status.replaying() && reached;
    }

    /**
     * {@code from} is null for a replay from the start; {@code target} the newest position when it was asked for.
     */
    record Replay(Instant from, Instant requestedAt, long target, Instant finishedAt) {

        Replay finishedAt(Instant at) {
            return new Replay(from, requestedAt, target, at);
        }

        /** How far along, from 0 to 1, judged by position (a replay from a time starts part of the way). */
        Double progress(Long position) {
            if (finishedAt != null || target == 0) {
                return 1.0;
            }
            return position == null ? 0.0 : Math.min(1.0, (double) position / target);
        }
    }
}
