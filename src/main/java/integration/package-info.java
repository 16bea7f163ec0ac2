/**
 * What faces brokers and other services. Every stored event goes out to Kafka and to Redis Streams through one
 * tracking processor per broker (the event store is the outbox), and stock arrivals from a warehouse system come in
 * from both and become {@code RestockProduct} commands, each message id handled once. Uses only {@code app} and the
 * contexts' {@code api} packages; each broker is off unless {@code eventshop.kafka.enabled} /
 * {@code eventshop.redis.enabled} is true.
 */
package integration;
