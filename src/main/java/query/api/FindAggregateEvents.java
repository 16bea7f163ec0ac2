package query.api;

/** Answered with a {@code List<StoredEvent>}: every stored event of the aggregate, oldest first. */
public record FindAggregateEvents(String aggregateId) {
}
