/**
 * The operator console at {@code /console}: one page that answers whether every processor keeps up, what waits in a
 * dead-letter queue and why, and what happened to an order. It is a client of the rest: processors and replays
 * through {@code app.operations}, dead letters through the admin API, orders and their audit trail through the
 * query bus and {@code query.api}, new events from the event store's own stream. Nothing depends on it, except
 * relays that show themselves on it through {@link app.console.ConsoleRelay}.
 */
package app.console;
