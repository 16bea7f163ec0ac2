package query.api;

/**
 * Answered with a {@code List<StoredEvent>}: every stored event whose metadata carries this correlation id,
 * across aggregates, in the order the event store appended them.
 */
public record FindCorrelatedEvents(String correlationId) {
}
