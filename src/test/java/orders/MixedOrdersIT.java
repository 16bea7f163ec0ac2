package orders;

import static orders.ShopClient.line;
import static orders.ShopClient.order;
import static orders.ShopClient.orderIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.IntegrationTest;
import orders.api.OrderCreated;
import orders.api.OrderLine;
import orders.api.OrderStatus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import payments.api.PaymentProcessed;
import payments.api.PaymentRefunded;

/**
 * Two hundred orders at once, some from customers who cannot pay and some for products that run out. Every order
 * ends COMPLETED or CANCELLED, and afterwards each balance is its deposit less the completed orders, each product's
 * stock its initial stock less what completed orders took, and no cancelled order keeps any money.
 */
@IntegrationTest
class MixedOrdersIT {

    private static final int ORDERS = 200;
    private static final BigDecimal PRICE = new BigDecimal("10.00");

    @Autowired
    TestRestTemplate http;
    @Autowired
    EventStore eventStore;

    @Test
    void everyOrderEndsAndMoneyAndStockAddUp() throws Exception {
        ShopClient shop = new ShopClient(http);
        Ledger ledger = new Ledger(eventStore);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(42);

        Map<String, BigDecimal> deposits = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            String customer = "mixed-" + run + "-c" + i;
            BigDecimal deposit = i < 8 ? new BigDecimal("10000.00") : new BigDecimal("30.00");
            shop.openAccount(customer, deposit.toPlainString());
            deposits.put(customer, deposit);
        }
        List<String> customers = new ArrayList<>(deposits.keySet());
        Map<String, Integer> initialStock = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            String product = "mixed-" + run + "-p" + i;
            int stock = i < 5 ? 1000 : 15;
            shop.addProduct(product, PRICE.toPlainString(), stock);
            initialStock.put(product, stock);
        }
        List<String> products = new ArrayList<>(initialStock.keySet());

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String customer = customers.get(random.nextInt(customers.size()));
            int first = random.nextInt(products.size());
            int second = (first + 1 + random.nextInt(products.size() - 1)) % products.size();
            bodies.add(random.nextBoolean()
                    ? order(customer, line(products.get(first), 1 + random.nextInt(3)))
                    : order(customer, line(products.get(first), 1 + random.nextInt(3)), line(products.get(second), 1)));
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<String> orderIds = new ArrayList<>();
        try {
            List<Callable<String>> placements = bodies.stream()
                    .<Callable<String>>map(body -> () -> orderIdOf(shop.placeOrder(null, body)))
                    .toList();
            for (Future<String> placed : clients.invokeAll(placements)) {
                orderIds.add(placed.get());
            }
        } finally {
            clients.shutdown();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(orderIds).allSatisfy(orderId ->
                        assertThat(ledger.status(orderId)).hasValueSatisfying(status -> assertThat(status.isFinal()).isTrue())));

        Map<String, BigDecimal> spent = new HashMap<>();
        Map<String, Integer> taken = new HashMap<>();
        List<String> reasons = new ArrayList<>();
        for (String orderId : orderIds) {
            OrderCreated created = ledger.created(orderId).orElseThrow();
            OrderStatus status = ledger.status(orderId).orElseThrow();
            BigDecimal netPaid = netPaid(ledger, created);
            if (status == OrderStatus.COMPLETED) {
                assertThat(netPaid).as("paid for completed order " + orderId).isEqualByComparingTo(created.totalAmount());
                spent.merge(created.customerId(), created.totalAmount(), BigDecimal::add);
                for (OrderLine line : created.items()) {
                    taken.merge(line.productId(), line.quantity(), Integer::sum);
                }
            } else {
                assertThat(netPaid).as("money kept by cancelled order " + orderId).isEqualByComparingTo(BigDecimal.ZERO);
                reasons.add(ledger.cancelReason(orderId).orElseThrow());
            }
        }

        assertThat(spent).as("some orders completed").isNotEmpty();
        assertThat(reasons).as("orders cancelled each way")
                .anySatisfy(reason -> assertThat(reason).startsWith("Payment failed: Insufficient funds"))
                .anySatisfy(reason -> assertThat(reason).startsWith("Inventory not available: Insufficient stock"));
        deposits.forEach((customer, deposit) -> assertThat(ledger.balance(customer)).as("balance of " + customer)
                .isEqualByComparingTo(deposit.subtract(spent.getOrDefault(customer, BigDecimal.ZERO))));
        initialStock.forEach((product, stock) -> assertThat(ledger.available(product)).as("stock of " + product)
                .isEqualTo(stock - taken.getOrDefault(product, 0))
                .isNotNegative());
    }

    private static BigDecimal netPaid(Ledger ledger, OrderCreated created) {
        BigDecimal net = BigDecimal.ZERO;
        for (Object event : ledger.accountPayloads(created.customerId())) {
            if (event instanceof PaymentProcessed processed && processed.orderId().equals(created.orderId())) {
                net = net.add(processed.amount());
            } else if (event instanceof PaymentRefunded refunded && refunded.orderId().equals(created.orderId())) {
                net = net.subtract(refunded.amount());
            }
        }
        return net;
    }
}
