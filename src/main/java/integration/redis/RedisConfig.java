package integration.redis;

import app.console.ConsoleRelay;
import integration.Relays;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Redis Streams, when {@code eventshop.redis.enabled} is true. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "eventshop.redis.enabled", havingValue = "true")
@EnableConfigurationProperties({RedisSettings.class, RedisProperties.class})
class RedisConfig {

    @Bean
    RedisStreams redisStreams(RedisProperties properties) {
        return new RedisStreams(properties);
    }

    @Bean
    ConsoleRelay redisOnConsole(Relays relays) {
        return () -> relays.consoleStatus("redis");
    }
}
