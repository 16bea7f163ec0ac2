package app.axon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedCacheTest {

    private static final Duration MAX_IDLE = Duration.ofSeconds(3);

    private final AtomicLong nanos = new AtomicLong();
    private final BoundedCache cache = new BoundedCache(3, MAX_IDLE, nanos::get);

    @Test
    void dropsTheLeastRecentlyUsedBeyondItsCapacity() {
        cache.put("a", 1);
        cache.put("b", 2);
        cache.put("c", 3);
        cache.get("a");

        cache.put("d", 4);

        assertThat(cache.<String, Integer>get("b")).isNull();
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);
        assertThat(cache.<String, Integer>get("c")).isEqualTo(3);
        assertThat(cache.<String, Integer>get("d")).isEqualTo(4);
    }

    @Test
    void anEntryUnusedForLongerThanItsMaximumIdleTimeIsGoneAndTheListenersAreTold() {
        List<Object> expired = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });
        cache.put("finished order", 1);
        cache.put("account", 2);
        nanos.addAndGet(MAX_IDLE.toNanos() / 2);
        cache.get("account");
        nanos.addAndGet(MAX_IDLE.toNanos() / 2 + 1);

        cache.put("new order", 3);

        assertThat(expired).containsExactly("finished order");
        assertThat(cache.containsKey("finished order")).isFalse();
        assertThat(cache.<String, Integer>get("account")).isEqualTo(2);

        nanos.addAndGet(MAX_IDLE.toNanos() + 1);
        assertThat(cache.<String, Integer>get("new order")).isNull();
        assertThat(expired).containsExactly("finished order", "new order");
    }
}
