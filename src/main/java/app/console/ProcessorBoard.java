package app.console;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import app.operations.Processors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Everything the processors view shows in one answer: each processor's state, position, lag, segments with the
 * instance that holds each, its last minutes, the replay asked for from here, and the relays.
 */
@Component
class ProcessorBoard {

    /** Axon's token store names a segment's owner after the JVM that claimed it, as this does. */
    static final String THIS_INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private final Processors processors;
    private final StoreHead head;
    private final ProcessorHistory history;
    private final Replays replays;
    private final ObjectProvider<ConsoleRelay> relays;

    ProcessorBoard(Processors processors, StoreHead head, ProcessorHistory history, Replays replays,
                   ObjectProvider<ConsoleRelay> relays) {
        this.processors = processors;
        this.head = head;
        this.history = history;
        this.replays = replays;
        this.relays = relays;
    }

    Board board() {
        StoreHead.Reading reading = head.recent(history.freshness());
        List<Processors.ProcessorStatus> statuses = processors.all();
        // a position a processor has reached is stored, even when the reading of the store is older than that
        long newest = Math.max(reading.head(), statuses.stream().map(Processors.ProcessorStatus::position)
                .filter(Objects::nonNull).mapToLong(Long::longValue).max().orElse(0));
        Map<String, List<StoreHead.Claim>> claims = reading.claims().stream()
                .collect(Collectors.groupingBy(StoreHead.Claim::processor, TreeMap::new, Collectors.toList()));
        List<ProcessorView> views = statuses.stream()
                .map(status -> view(status, newest, claims.getOrDefault(status.name(), List.of())))
                .toList();
        List<ConsoleRelay.RelayStatus> relayStatuses = relays.orderedStream().map(ConsoleRelay::status).toList();
        return new Board(Instant.now(), newest, THIS_INSTANCE, views, relayStatuses);
    }

    private ProcessorView view(Processors.ProcessorStatus status, long newest, List<StoreHead.Claim> claims) {
        replays.observe(status);
        Replays.Replay replay = replays.latest(status.name()).orElse(null);
        Long lag = lag(status, newest);
        ReplayView replayView = replay == null ? null : new ReplayView(replay.from(), replay.requestedAt(),
                replay.target(), replay.progress(status.position()), replay.finishedAt());
        return new ProcessorView(status.name(), status.type(), state(status), status.errorMessage(),
                status.position(), lag, segments(status, claims), replayView, history.of(status.name()));
    }

    /**
     * Events stored after the lowest position this instance's segments reached; a segment that has handled nothing
     * yet is at the start. Unknown (null) when no segment is claimed here.
     */
    static Long lag(Processors.ProcessorStatus status, long head) {
        if (status.segments().isEmpty()) {
            return null;
        }
        return Math.max(0, head - (status.position() == null ? 0 : status.position()));
    }

    private static String state(Processors.ProcessorStatus status) {
        if (status.error()) {
            return "error";
        }
        if (!status.running()) {
            return "stopped";
        }
        return status.replaying() ? "replaying" : "running";
    }

    /** The segments claimed here (with their position), and those the token store says another instance holds. */
    private static List<SegmentView> segments(Processors.ProcessorStatus status, List<StoreHead.Claim> claims) {
        Map<Integer, SegmentView> segments = new TreeMap<>();
        for (StoreHead.Claim claim : claims) {
            segments.put(claim.segment(), new SegmentView(claim.segment(), null, null, false, false, null,
                    claim.owner(), THIS_INSTANCE.equals(claim.owner())));
        }
        for (Processors.SegmentStatus segment : status.segments()) {
            segments.put(segment.segment(), new SegmentView(segment.segment(), segment.mask(), segment.position(),
                    segment.caughtUp(), segment.replaying(), segment.error(), THIS_INSTANCE, true));
        }
        return List.copyOf(segments.values());
    }

    record Board(Instant at, long head, String instance, List<ProcessorView> processors,
                 List<ConsoleRelay.RelayStatus> relays) {
    }

    /** {@code state}: running, replaying, stopped or error; {@code lag} in events behind the head of the store. */
    record ProcessorView(String name, String type, String state, String errorMessage, Long position, Long lag,
                         List<SegmentView> segments, ReplayView replay, List<ProcessorHistory.Sample> history) {
    }

    /** {@code owner} is the instance holding the segment (none when released); {@code here} when it is this one. */
    record SegmentView(int segment, Integer mask, Long position, boolean caughtUp, boolean replaying, String error,
                       String owner, boolean here) {
    }

    record ReplayView(Instant from, Instant requestedAt, long target, Double progress, Instant finishedAt) {
    }
}
