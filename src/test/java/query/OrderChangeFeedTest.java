package query;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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

    @Test
    void aNotificationCarriesTheViewsThemselves() {
        OrderView pending = OrderChangeFeed.asOf(completed, new OrderChangeFeed.Change("o-1", OrderStatus.PENDING, 0));

        List<String> payloads = OrderChangeFeed.Notification.payloads(List.of(pending, completed),
                OrderChangeFeed.MAX_PAYLOAD);

        assertThat(payloads).hasSize(1);
        OrderChangeFeed.Notification carried = OrderChangeFeed.Notification.parse(payloads.get(0));
        assertThat(carried.views()).containsExactly(pending, completed);
        assertThat(carried.references()).isEmpty();
    }

    @Test
    void viewsAreSplitAcrossNotificationsThatPostgresAccepts() {
        List<OrderView> views = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            views.add(withOrderId("o-" + i, completed));
        }

        List<String> payloads = OrderChangeFeed.Notification.payloads(views, OrderChangeFeed.MAX_PAYLOAD);

        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(payload ->
                assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(OrderChangeFeed.MAX_PAYLOAD));
        assertThat(payloads.stream().flatMap(payload -> OrderChangeFeed.Notification.parse(payload).views().stream()))
                .containsExactlyElementsOf(views);
    }

    @Test
    void aViewTooLargeForANotificationTravelsAsAReferenceToReadBack() {
        List<OrderView.Line> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(new OrderView.Line("product-with-a-long-name-" + i, 1, new BigDecimal("1.00")));
        }
        OrderView large = new OrderView("o-2", "c-1", lines, new BigDecimal("300.00"), "THB", OrderStatus.PENDING,
                null, CREATED, null, null, null, null,
                List.of(new OrderView.StatusChange(OrderStatus.PENDING, CREATED, null)), 0);

        List<String> payloads = OrderChangeFeed.Notification.payloads(List.of(completed, large),
                OrderChangeFeed.MAX_PAYLOAD);

        assertThat(payloads).hasSize(1);
        OrderChangeFeed.Notification carried = OrderChangeFeed.Notification.parse(payloads.get(0));
        assertThat(carried.views()).containsExactly(completed);
        assertThat(carried.references()).containsExactly(new OrderChangeFeed.Change("o-2", OrderStatus.PENDING, 0));
    }

    private static OrderView withOrderId(String orderId, OrderView view) {
        return new OrderView(orderId, view.customerId(), view.items(), view.totalAmount(), view.currency(),
                view.status(), view.paymentId(), view.createdAt(), view.confirmedAt(), view.completedAt(),
                view.cancelledAt(), view.cancelReason(), view.history(), view.version());
    }
}
