package app.operations;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventshop.dead-letters.*}: which processing groups park failing events, and how they are retried. A letter
 * is tried again after {@code initialBackoff}, then after that times {@code multiplier} each time, never waiting
 * longer than {@code maxBackoff}; after {@code maxTries} handling attempts it stays parked until an operator retries
 * or evicts it. A handler runs in a savepoint only while a batch that failed is tried again; {@code savepointPerEvent}
 * puts every handled event in one.
 */
@ConfigurationProperties("eventshop.dead-letters")
record DeadLetterSettings(
        @DefaultValue({"order-summary", "customer-stats", "product-stock", "account-balance", "audit-correlation"})
        List<String> processingGroups,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("2") double multiplier,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("5") int maxTries,
        @DefaultValue("1s") Duration retryInterval,
        @DefaultValue("false") boolean savepointPerEvent) {

    DeadLetterSettings {
        if (initialBackoff.isNegative() || multiplier < 1 || maxTries < 1 || retryInterval.isZero()
                || retryInterval.isNegative()) {
            throw new IllegalArgumentException("eventshop.dead-letters: backoff must be >= 0, multiplier >= 1,"
                    + " max-tries >= 1 and retry-interval > 0");
        }
    }

    /** How long to wait before the next try, after {@code failedRetries} retries have failed already. */
    Duration backoffAfter(int failedRetries) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, failedRetries);
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }
}
