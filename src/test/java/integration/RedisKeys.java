package integration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;

/**
 * Removes a test application's streams when the application closes: after its consumer and publisher have stopped
 * (lifecycle beans stop before any bean is destroyed), so that nothing writes them again.
 */
class RedisKeys implements DisposableBean {

    private final String[] keys;

    RedisKeys(@Value("${eventshop.redis.events-stream}") String events,
              @Value("${eventshop.redis.arrivals-stream}") String arrivals) {
        this.keys = new String[] {events, arrivals, arrivals + ":dead"};
    }

    @Override
    public void destroy() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().del(keys);
        } finally {
            client.shutdown();
        }
    }
}
