package query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import orders.api.OrderStatus;
import org.junit.jupiter.api.Test;
import query.api.OrderView;

import static org.assertj.core.api.Assertions.assertThat;

class OrderChangeFeedTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant CONFIRMED = Instant.parse("2026-01-01T10:00:01Z");
    private static final Instant COMPLETED = Instant.parse("2026-01-01T10:00:02Z");

    private final OrderView completed = new OrderView("o-1", "c-1",
            List.of(new OrderView.Line("p-1", 1, new BigDecimal("10.00"))), new BigDecimal("10.00"), "THB",
            OrderStatus.COMPLETED, "pay-1", CREATED, CONFIRMED, COMPLETED, null, null,
            List.of(new OrderView.StatusChange(OrderStatus.PENDING, CREATED, null),
                    new OrderView.StatusChange(OrderStatus.CONFIRMED, CONFIRMED, null),
                    new OrderView.StatusChange(OrderStatus.COMPLETED, COMPLETED, null)), 2);

    @Test
    void aChangeCommittedWithLaterOnesIsSentAsItWasThen() {
        OrderView pending = OrderChangeFeed.asOf(completed, new OrderChangeFeed.Change("o-1", OrderStatus.PENDING, 0));
        OrderView confirmed = OrderChangeFeed.asOf(completed,
                new OrderChangeFeed.Change("o-1", OrderStatus.CONFIRMED, 1));

        assertThat(pending.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(pending.version()).isZero();
        assertThat(pending.paymentId()).isNull();
        assertThat(pending.confirmedAt()).isNull();
        assertThat(pending.history()).extracting(OrderView.StatusChange::status).containsExactly(OrderStatus.PENDING);
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.paymentId()).isEqualTo("pay-1");
        assertThat(confirmed.completedAt()).isNull();
        assertThat(confirmed.history()).extracting(OrderView.StatusChange::status)
                .containsExactly(OrderStatus.PENDING, OrderStatus.CONFIRMED);
    }

    @Test
    void theLatestChangeIsTheCommittedView() {
        assertThat(OrderChangeFeed.asOf(completed, new OrderChangeFeed.Change("o-1", OrderStatus.COMPLETED, 2)))
                .isEqualTo(completed);
    }

    @Test
    void aChangeTravelsAsText() {
        OrderChangeFeed.Change change = new OrderChangeFeed.Change("o-1", OrderStatus.CONFIRMED, 1);

        assertThat(OrderChangeFeed.Change.parse(change.toString())).isEqualTo(change);
    }
}
