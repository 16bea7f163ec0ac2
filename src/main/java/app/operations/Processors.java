package app.operations;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import app.axon.LingeringEventSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** The event processors as an operator sees them, and the replay of one of them. */
@Component
public class Processors {

    private static final Logger log = LoggerFactory.getLogger(Processors.class);

    private final EventProcessingConfiguration processing;
    private final DeadLetters deadLetters;
    private final TransactionManager transactions;
    private final Function<Instant, Object> partialReplayContext;
    private final List<LingeringEventSource> projectionSources;

    /**
     * {@code partialReplayContext} makes the reset context that tells the read side's reset handlers a replay starts
     * at a point in time (query's {@code PartialReplay}), declared by query so that app does not depend on it.
     */
    Processors(EventProcessingConfiguration processing, DeadLetters deadLetters, TransactionManager transactions,
               @Qualifier("partialReplayContext") Function<Instant, Object> partialReplayContext,
               List<LingeringEventSource> projectionSources) {
        this.processing = processing;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.partialReplayContext = partialReplayContext;
        this.projectionSources = projectionSources;
    }

    public List<ProcessorStatus> all() {
        return processing.eventProcessors().values().stream()
                .sorted(Comparator.comparing(EventProcessor::getName))
                .map(Processors::status)
                .toList();
    }

    public Optional<ProcessorStatus> find(String name) {
        return processing.eventProcessor(name).map(Processors::status);
    }

    Map<String, EventProcessor> processors() {
        return processing.eventProcessors();
    }

    /**
     * Stops the processor, moves its tokens back and starts it again. From the start (no {@code from}) the
     * projection's reset handlers clear its tables and its dead letters are dropped, since every event is handled
     * again; from a point in time the tables and dead letters are kept (the partial replay context) and only events
     * stored at or after {@code from} are handled again.
     *
     * @throws NotFound when there is no processor of that name
     * @throws CannotReplay when it is not a streaming processor or its tokens cannot be reset
     */
    public ProcessorStatus replay(String name, Instant from) {
        EventProcessor processor = processing.eventProcessor(name).orElseThrow(() -> new NotFound(name));
        if (!(processor instanceof StreamingEventProcessor streaming) || !streaming.supportsReset()) {
            throw new CannotReplay(name, "it does not read the event store from a position of its own"
                    + " (only streaming processors with replay-aware handlers can be replayed)");
        }
        log.info("Replaying processor {} from {}", name, from == null ? "the start" : from);
        // Stopping, a processor that has caught up notices it when its wait for the next event ends, a second later
        // when none comes: the projections' sources end those waits at once.
        CompletableFuture<Void> stopped = streaming.shutdownAsync();
        projectionSources.forEach(LingeringEventSource::wakeWaiting);
        stopped.join();
        try {
            if (from == null) {
                streaming.resetTokens();
                if (deadLetters.hasQueue(name)) {
                    transactions.executeInTransaction(() -> processing.deadLetterQueue(name)
                            .ifPresent(queue -> queue.clear()));
                }
            } else {
                streaming.resetTokens(source -> source.createTokenAt(from), partialReplayContext.apply(from));
            }
        } catch (RuntimeException refused) {
            throw new CannotReplay(name, refused.getMessage());
        } finally {
            streaming.start();
        }
        return status(streaming);
    }

    static ProcessorStatus status(EventProcessor processor) {
        if (!(processor instanceof StreamingEventProcessor streaming)) {
            return new ProcessorStatus(processor.getName(), typeOf(processor), processor.isRunning(),
                    processor.isError(), false, null, null, List.of(), null);
        }
        List<SegmentStatus> segments = streaming.processingStatus().values().stream()
                .sorted(Comparator.comparingInt(status -> status.getSegment().getSegmentId()))
                .map(Processors::segment)
                .toList();
        Long position = segments.stream().map(SegmentStatus::position).filter(p -> p != null)
                .min(Long::compare).orElse(null);
        String error = segments.stream().map(SegmentStatus::error).filter(e -> e != null).findFirst().orElse(null);
        Long replayUntil = segments.stream().map(SegmentStatus::replayUntil).filter(p -> p != null)
                .max(Long::compare).orElse(null);
        return new ProcessorStatus(processor.getName(), typeOf(processor), processor.isRunning(),
                processor.isError() || error != null, replayUntil != null, position, replayUntil, segments, error);
    }

    private static SegmentStatus segment(EventTrackerStatus status) {
        OptionalLong position = status.getCurrentPosition();
        Throwable error = status.getError();
        Long replayUntil = replayingUntil(status);
        return new SegmentStatus(status.getSegment().getSegmentId(), status.getSegment().getMask(),
                status.isCaughtUp(), replayUntil != null, position.isPresent() ? position.getAsLong() : null,
                replayUntil, status.isErrorState() ? (error == null ? "error" : error.getClass().getSimpleName() + ": "
                        + error.getMessage()) : null);
    }

    /**
     * The position a segment replays up to, or null when it is not replaying. Axon keeps a segment's token marked
     * as a replay until an event newer than the reset arrives, even across restarts; a segment that has handled
     * everything up to the reset position has finished its replay, whatever that mark says.
     */
    private static Long replayingUntil(EventTrackerStatus status) {
        if (!status.isReplaying()) {
            return null;
        }
        OptionalLong reset = status.getResetPosition();
        OptionalLong current = status.getCurrentPosition();
        if (reset.isPresent() && current.isPresent() && current.getAsLong() >= reset.getAsLong()) {
            return null;
        }
        return reset.isPresent() ? reset.getAsLong() : null;
    }

    private static String typeOf(EventProcessor processor) {
        if (processor instanceof TrackingEventProcessor) {
            return "tracking";
        }
        if (processor instanceof PooledStreamingEventProcessor) {
            return "pooled";
        }
        return processor instanceof SubscribingEventProcessor ? "subscribing" : processor.getClass().getSimpleName();
    }

    /**
     * {@code position} is the lowest global position the processor's segments (those claimed by this instance)
     * have reached; while {@code replaying}, {@code replayUntil} is the position the replay ends at (the head of
     * the store when it was asked for); {@code error} the first segment error.
     */
    public record ProcessorStatus(String name, String type, boolean running, boolean error, boolean replaying,
                                  Long position, Long replayUntil, List<SegmentStatus> segments, String errorMessage) {
    }

    public record SegmentStatus(int segment, int mask, boolean caughtUp, boolean replaying, Long position,
                                Long replayUntil, String error) {
    }

    public static final class NotFound extends RuntimeException {

        NotFound(String name) {
            super("No event processor named '" + name + "'.");
        }
    }

    public static final class CannotReplay extends RuntimeException {

        CannotReplay(String name, String why) {
            super("Processor '" + name + "' cannot be replayed: " + why);
        }
    }
}
