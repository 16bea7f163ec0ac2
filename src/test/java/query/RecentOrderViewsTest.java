package query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.OrderStatus;
import org.junit.jupiter.api.Test;
import query.api.OrderView;

import static org.assertj.core.api.Assertions.assertThat;

class RecentOrderViewsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RecentOrderViews recent = new RecentOrderViews(nanos::get);

    @Test
    void anOrderCreatedWhileListeningHasNoViewUntilOneIsSeenThenItsLatest() {
        recent.connected();
        recent.on(created("o-1"));
        assertThat(recent.known("o-1")).contains(Optional.empty());

        recent.seen(view("o-1", OrderStatus.CONFIRMED, 1));
        recent.seen(view("o-1", OrderStatus.PENDING, 0));

        assertThat(recent.known("o-1")).hasValueSatisfying(view ->
                assertThat(view).hasValueSatisfying(seen -> assertThat(seen.version()).isEqualTo(1)));
    }

    @Test
    void nothingIsKnownWhileNotListeningNorWhatWasLearntBeforeTheListenerConnectedAgain() {
        recent.on(created("before-listening"));
        assertThat(recent.known("before-listening")).isEmpty();

        recent.connected();
        recent.on(created("o-1"));
        recent.seen(view("o-2", OrderStatus.PENDING, 0));
        recent.disconnected();
        assertThat(recent.known("o-1")).isEmpty();
        recent.on(created("o-3"));
        recent.seen(view("o-3", OrderStatus.PENDING, 0));

        recent.connected();
        assertThat(recent.known("o-1")).isEmpty();
        assertThat(recent.known("o-2")).isEmpty();
        assertThat(recent.known("o-3")).isEmpty();
    }

    @Test
    void aCreationSeenAfterItsViewDoesNotHideTheViewAndAForgottenOrderIsReadAgain() {
        recent.connected();
        recent.seen(view("o-1", OrderStatus.PENDING, 0));
        recent.on(created("o-1"));
        assertThat(recent.known("o-1")).hasValueSatisfying(view -> assertThat(view).isPresent());

        recent.forget("o-1");

        assertThat(recent.known("o-1")).isEmpty();
    }

    @Test
    void keepsTheMostRecentlyUsedOrdersUpToItsCapacity() {
        recent.connected();
        recent.on(created("first"));
        for (int i = 0; i < RecentOrderViews.CAPACITY; i++) {
            recent.on(created("o-" + i));
        }
        assertThat(recent.known("first")).isEmpty();
        assertThat(recent.known("o-0")).isPresent();
    }

    @Test
    void dropsWhatItLearntLongerAgoThanItsMaximumAgeOnceItLearnsMore() {
        recent.connected();
        recent.on(created("early"));
        recent.on(created("updated"));
        nanos.addAndGet(RecentOrderViews.MAX_AGE.toNanos() / 2);
        recent.seen(view("updated", OrderStatus.CONFIRMED, 1));
        nanos.addAndGet(RecentOrderViews.MAX_AGE.toNanos() / 2 + 1);

        recent.on(created("late"));

        assertThat(recent.known("early")).isEmpty();
        assertThat(recent.known("updated")).hasValueSatisfying(view -> assertThat(view).isPresent());
        assertThat(recent.known("late")).contains(Optional.empty());
    }

    @Test
    void aRequestThreadDoesNotWaitWhileTheLockIsHeldTheOrderIsReadInstead() throws Exception {
        recent.connected();
        recent.on(created("known-before"));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread listener = new Thread(() -> {
            recent.lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                recent.lock.unlock();
            }
        });
        listener.start();
        held.await();
        try {
            recent.on(created("placed-meanwhile"));
            assertThat(recent.known("known-before")).isEmpty();
        } finally {
            release.countDown();
            listener.join();
        }

        assertThat(recent.known("placed-meanwhile")).isEmpty();
        assertThat(recent.known("known-before")).contains(Optional.empty());
    }

    private static OrderCreated created(String orderId) {
        return new OrderCreated(orderId, "c-1", List.of(new OrderLine("p-1", 1, new BigDecimal("10.00"))),
                new BigDecimal("10.00"), "THB");
    }

    private static OrderView view(String orderId, OrderStatus status, long version) {
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        return new OrderView(orderId, "c-1", List.of(new OrderView.Line("p-1", 1, new BigDecimal("10.00"))),
                new BigDecimal("10.00"), "THB", status, null, at, null, null, null, null,
                List.of(new OrderView.StatusChange(OrderStatus.PENDING, at, null)), version);
    }
}
