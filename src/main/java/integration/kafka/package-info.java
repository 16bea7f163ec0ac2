/**
 * Kafka: the {@code kafka-publisher} processor (idempotent producer, {@code acks=all}), the stock-arrivals listener
 * with exponential backoff and a dead-letter topic, and the topics created at start-up.
 */
package integration.kafka;
