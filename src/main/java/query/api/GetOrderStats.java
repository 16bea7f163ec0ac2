package query.api;

/** Answered with {@link OrderStats}. */
public record GetOrderStats() {
}
