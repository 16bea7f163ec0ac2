package integration.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;

/**
 * Lettuce connections to the Redis that Spring Boot's properties name. A command sent while Redis is away fails at
 * once instead of waiting in a buffer to run later (after the publisher already counted it as failed and re-sent
 * it); the connection reconnects by itself when Redis is back. The publisher and the consumer each have one
 * connection: the consumer's blocking reads (shorter than {@code spring.data.redis.timeout}) must not hold up the
 * publisher's pipelined writes.
 */
final class RedisStreams implements DisposableBean {

    private final RedisClient client;
    private final Duration timeout;
    private StatefulRedisConnection<String, String> publishing;
    private StatefulRedisConnection<String, String> consuming;

    RedisStreams(RedisProperties properties) {
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(properties.getHost())
                .withPort(properties.getPort())
                .withDatabase(properties.getDatabase())
                .withSsl(properties.getSsl().isEnabled());
        if (properties.getPassword() != null) {
            if (properties.getUsername() != null) {
                uri.withAuthentication(properties.getUsername(), properties.getPassword());
            } else {
                uri.withPassword(properties.getPassword().toCharArray());
            }
        }
        timeout = properties.getTimeout() != null ? properties.getTimeout() : Duration.ofSeconds(5);
        uri.withTimeout(timeout);
        client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    /** Connects on first use, so that the app starts while Redis is away. */
    synchronized StatefulRedisConnection<String, String> publishing() {
        if (publishing == null) {
            publishing = client.connect(StringCodec.UTF8);
        }
        return publishing;
    }

    synchronized StatefulRedisConnection<String, String> consuming() {
        if (consuming == null) {
            consuming = client.connect(StringCodec.UTF8);
        }
        return consuming;
    }

    @Override
    public synchronized void destroy() {
        if (publishing != null) {
            publishing.close();
        }
        if (consuming != null) {
            consuming.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
