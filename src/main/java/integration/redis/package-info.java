/**
 * Redis Streams through Lettuce: the {@code redis-publisher} processor (XADD with an approximate MAXLEN) and the
 * stock-arrivals consumer group (XACK after commit, XAUTOCLAIM of entries a dead consumer left, a dead stream).
 */
package integration.redis;
