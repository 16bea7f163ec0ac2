/**
 * The read side's public API: the query messages other parts of eventshop (and the read endpoints) send over
 * Axon's {@code QueryGateway}, and the views that answer them, all as records. Views are eventually consistent:
 * they follow the event store a moment behind, and {@code version} is the aggregate sequence number of the last
 * event a view reflects.
 */
package query.api;
