package query;

import java.time.Instant;
import java.util.function.Function;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import query.api.PartialReplay;

/**
 * How a replay from a point in time is told to the projections: the operations endpoint resets a processor's tokens
 * with the context this function makes, and the projections' reset handlers keep their tables when they see it.
 * Offered as a plain function so that the application's wiring need not know query's types.
 */
@Configuration(proxyBeanMethods = false)
class ReplayContexts {

    @Bean("partialReplayContext")
    Function<Instant, Object> partialReplayContext() {
        return PartialReplay::new;
    }
}
