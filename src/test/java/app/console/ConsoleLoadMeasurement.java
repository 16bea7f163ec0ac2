package app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.EventshopApplication;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestTemplate;
import payments.api.AccountOpened;
import payments.api.MoneyDeposited;

/**
 * How long the console takes to show the processors with 100,000 events stored, on the embedded default (an H2
 * file database). Not part of the suite, since generating and projecting the events takes minutes; run it with
 * {@code ./mvnw test -Dtest=ConsoleLoadMeasurement}. It appends the events straight to the event store (1,000
 * accounts of 100 events each, as the accounts would have stored them), opens the console in Chromium several
 * times while the projections work through them and again once they have caught up, and prints the times. The
 * only assertion is a generous bound: figures are for reading, not for failing a build.
 */
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:file:./target/console-load/eventshop-${random.uuid};MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
class ConsoleLoadMeasurement {

    static final int ACCOUNTS = 1_000;
    static final int EVENTS_PER_ACCOUNT = 100;
    static final int LOADS = 7;
    private static final String RENDERED = "return performance.getEntriesByName('console:processors-rendered')"
            + ".map(mark => mark.startTime)[0]";

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;

    @Test
    void theConsoleShowsTheProcessorsWithinASecondWith100000EventsStored() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "needs Chromium and chromedriver");
        long started = System.nanoTime();
        generate();
        long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        System.out.printf("stored %,d events in %.1f s%n", stored, (System.nanoTime() - started) / 1e9);
        assertThat(stored).isGreaterThanOrEqualTo((long) ACCOUNTS * EVENTS_PER_ACCOUNT);

        try (ConsoleBrowser browser = new ConsoleBrowser(port, ConsoleBrowser.operator(environment))) {
            List<Double> busy = loads(browser);
            System.out.printf("while the projections catch up: processors shown after %s ms (median %.0f ms)%n",
                    busy, median(busy));
            browser.eventually(Duration.ofMinutes(20), this::processorsLag, lag -> lag == 0);
            List<Double> idle = loads(browser);
            System.out.printf("once caught up: processors shown after %s ms (median %.0f ms)%n", idle, median(idle));
            assertThat(median(idle)).as("a generous bound; the figure itself is printed").isLessThan(5_000);
        }
    }

    /** The console's own answer to whether the processors have caught up: the lags it shows add up to zero. */
    private long processorsLag() {
        Map<?, ?> board = new RestTemplate().getForObject(
                "http://localhost:" + port + "/console/api/processors", Map.class);
        return ((List<?>) board.get("processors")).stream().map(processor -> ((Map<?, ?>) processor).get("lag"))
                .filter(lag -> lag != null).mapToLong(lag -> ((Number) lag).longValue()).sum();
    }

    private List<Double> loads(ConsoleBrowser browser) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < LOADS; i++) {
            browser.driver().navigate().to("about:blank");
            browser.open("processors");
            times.add(browser.eventually(() -> (Number) browser.script(RENDERED), time -> time != null)
                    .doubleValue());
        }
        return times;
    }

    /** Ten accounts to a transaction, as ten busy clients would store them. */
    private void generate() {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int first = 0; first < ACCOUNTS; first += 10) {
            List<EventMessage<?>> events = new ArrayList<>(10 * EVENTS_PER_ACCOUNT);
            for (int account = first; account < first + 10; account++) {
                events.addAll(account("load-" + run + "-" + account));
            }
            transaction.executeWithoutResult(status -> eventStore.publish(events));
        }
    }

    private static List<EventMessage<?>> account(String customerId) {
        String aggregateId = "account-" + customerId;
        Map<String, Object> metadata = Map.of("correlationId", "load-" + customerId, "causationId", "load",
                "userId", "anonymous", "source", "payments");
        List<EventMessage<?>> events = new ArrayList<>(EVENTS_PER_ACCOUNT);
        events.add(new GenericDomainEventMessage<>("Account", aggregateId, 0, new AccountOpened(customerId, "THB"),
                metadata, UUID.randomUUID().toString(), Instant.now()));
        for (int sequence = 1; sequence < EVENTS_PER_ACCOUNT; sequence++) {
            events.add(new GenericDomainEventMessage<>("Account", aggregateId, sequence,
                    new MoneyDeposited(customerId, new BigDecimal("10.00"), "THB"), metadata,
                    UUID.randomUUID().toString(), Instant.now()));
        }
        return events;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
