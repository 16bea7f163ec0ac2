package orders;

import static org.assertj.core.api.Assertions.assertThat;

import orders.OrderOutcomes.Reason;
import org.junit.jupiter.api.Test;

class OrderOutcomesTest {

    @Test
    void everyCancelReasonTheSagaGivesHasALabelOfItsOwn() {
        assertThat(Reason.of(OrderSaga.PAYMENT_FAILED + "Insufficient funds")).isEqualTo(Reason.PAYMENT_FAILED);
        assertThat(Reason.of(OrderSaga.PAYMENT_TIMED_OUT)).isEqualTo(Reason.PAYMENT_TIMEOUT);
        assertThat(Reason.of(OrderSaga.INVENTORY_NOT_AVAILABLE)).isEqualTo(Reason.INVENTORY_NOT_AVAILABLE);
        assertThat(Reason.of(OrderSaga.INVENTORY_TIMED_OUT)).isEqualTo(Reason.INVENTORY_TIMEOUT);
    }

    @Test
    void anyOtherReasonFallsIntoOneLabelSoThatSeriesStayBounded() {
        assertThat(Reason.of("Order could not be completed")).isEqualTo(Reason.OTHER);
        assertThat(Reason.of("customer " + System.nanoTime() + " asked")).isEqualTo(Reason.OTHER);
        assertThat(Reason.of(null)).isEqualTo(Reason.OTHER);
        assertThat(Reason.PAYMENT_TIMEOUT.label()).isEqualTo("payment_timeout");
    }
}
