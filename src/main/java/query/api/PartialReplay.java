package query.api;

import java.time.Instant;

/**
 * The reset context to pass to {@code StreamingEventProcessor.resetTokens(token, new PartialReplay(from))} when a
 * projection is replayed from a point in time rather than from the start: its tables are kept (a reset without
 * this context clears them), and events it already applied are skipped by their aggregate version.
 */
public record PartialReplay(Instant from) {
}
