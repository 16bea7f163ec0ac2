package app.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How instances share the event processors.
 *
 * @param nodeId          the owner name of this instance's token claims; by default the JVM's name (pid@host) and a
 *                        random suffix, so that two applications in one JVM (tests) never take each other's claims
 * @param claimTimeout    how long a claim lives without being extended: a crashed instance's segments are taken
 *                        over this long after its last extension (a live owner extends at least every second)
 * @param heartbeat       how often an instance says it is alive and checks its share of the segments
 * @param nodeTimeout     an instance not heard from for this long no longer counts for the fair share; shorter than
 *                        the claim timeout, so that a dead instance has stopped counting when its segments are taken
 */
@ConfigurationProperties("eventshop.cluster")
record ClusterSettings(String nodeId,
                       @DefaultValue("5s") Duration claimTimeout,
                       @DefaultValue("1s") Duration heartbeat,
                       @DefaultValue("3s") Duration nodeTimeout) {

    ClusterSettings {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
