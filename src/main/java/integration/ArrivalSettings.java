package integration;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventshop.arrivals.*}, for stock arrivals on both brokers: a failure that may pass (the database away, a
 * concurrent change) is tried again after {@code initialBackoff}, then {@code multiplier} times longer each time, at
 * most {@code maxTries} tries in all, before the message goes to the dead letters. Handled message ids are kept for
 * {@code processedRetention} (a redelivery older than that would restock again) and pruned every
 * {@code pruneInterval}.
 */
@ConfigurationProperties("eventshop.arrivals")
public record ArrivalSettings(
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("2") double multiplier,
        @DefaultValue("5") int maxTries,
        @DefaultValue("30d") Duration processedRetention,
        @DefaultValue("1h") Duration pruneInterval) {

    public ArrivalSettings {
        if (initialBackoff.isNegative() || multiplier < 1 || maxTries < 1 || pruneInterval.isZero()
                || pruneInterval.isNegative()) {
            throw new IllegalArgumentException("eventshop.arrivals: backoff must be >= 0, multiplier >= 1,"
                    + " max-tries >= 1 and prune-interval > 0");
        }
    }

    /** The wait after the {@code failedTries}-th failed try (1 for the first). */
    public Duration backoffAfter(int failedTries) {
        return Duration.ofMillis((long) (initialBackoff.toMillis() * Math.pow(multiplier, failedTries - 1)));
    }
}
