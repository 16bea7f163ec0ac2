package query;

import java.math.BigDecimal;
import java.util.List;

import orders.api.OrderCreated;
import orders.api.OrderLine;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.junit.jupiter.api.Test;
import payments.api.PaymentFailed;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;
import query.api.CustomerStats;
import query.api.GetCustomerStats;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerStatsProjectionIT extends AbstractReadSideIT {

    @Test
    void countsOrdersAndSumsWhatWasPaidAndNotRefunded() {
        String customerId = id("customer");
        String paid = fabricatedOrderId();
        String refunded = fabricatedOrderId();
        String failed = fabricatedOrderId();
        publish("Order", paid, 0, created(paid, customerId, "100.00"));
        publish("Order", refunded, 0, created(refunded, customerId, "40.00"));
        publish("Order", failed, 0, created(failed, customerId, "999.00"));
        publish("Account", customerId, 0, new PaymentProcessed("pay-" + paid, paid, customerId,
                new BigDecimal("100.00"), "THB"));
        publish("Account", customerId, 1, new PaymentProcessed("pay-" + refunded, refunded, customerId,
                new BigDecimal("40.00"), "THB"));
        publish("Account", customerId, 2, new PaymentFailed("pay-" + failed, failed, customerId,
                new BigDecimal("999.00"), "THB", "Insufficient funds"));
        publish("Account", customerId, 3, new PaymentRefunded("pay-" + refunded, refunded, customerId,
                new BigDecimal("40.00"), "THB", "Inventory not available"));
        String marker = fabricatedOrderId();
        publish("Order", marker, 0, created(marker, customerId, "1.00"));

        CustomerStats stats = eventually().until(() -> stats(customerId), found -> found.orderCount() == 4);

        assertThat(stats.totalSpent()).isEqualByComparingTo("100.00");
    }

    @Test
    void aCustomerWithoutOrdersHasZeros() {
        String customerId = id("nobody");
        assertThat(stats(customerId)).isEqualTo(new CustomerStats(customerId, 0, new BigDecimal("0.00")));
    }

    private static OrderCreated created(String orderId, String customerId, String amount) {
        return new OrderCreated(orderId, customerId, List.of(new OrderLine("p-1", 1, new BigDecimal(amount))),
                new BigDecimal(amount), "THB");
    }

    private CustomerStats stats(String customerId) {
        return queries.query(new GetCustomerStats(customerId), ResponseTypes.instanceOf(CustomerStats.class)).join();
    }
}
