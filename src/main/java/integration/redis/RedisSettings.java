package integration.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventshop.redis.*}. The connection is Spring Boot's ({@code spring.data.redis.host}, {@code port},
 * {@code username}, {@code password}, {@code database}, {@code timeout}). {@code maxLen} trims the events stream
 * approximately: 100 million entries hold a day at 1,150 events a second (the benchmark's 140 orders a second at
 * about 8 events each); lower it to what the consumers need, each entry takes about 600 bytes of Redis memory.
 * {@code claimIdle}: how long an entry read by another consumer may stay unacknowledged before this one claims it
 * (longer than the retries of one entry take, 15 s by default, or a live consumer's entry is claimed while it waits);
 * {@code maxDeliveries}: how often an entry may be delivered before it goes to the dead stream unhandled.
 */
@ConfigurationProperties("eventshop.redis")
record RedisSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("eventshop:events") String eventsStream,
        @DefaultValue("100000000") long maxLen,
        @DefaultValue("eventshop:stock-arrivals") String arrivalsStream,
        @DefaultValue("eventshop") String group,
        String consumerName,
        @DefaultValue("60s") Duration claimIdle,
        @DefaultValue("5") int maxDeliveries,
        @DefaultValue("1s") Duration readBlock,
        @DefaultValue("10s") Duration ackTimeout) {

    String deadStream() {
        return arrivalsStream + ":dead";
    }
}
