package payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An account stored before MoneyDeposited had revision 2: its rows are written straight into the event store as the
 * earlier build wrote them (currency, not currencyCode; no revision or revision "1"). The account loads with the
 * right balance, the balance projection shows it, and the stored deposits read back with their currency.
 */
@IntegrationTest
class MoneyDepositedUpcastingIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;

    @Test
    void firstRevisionDepositsLoadIntoTheAccountAndTheProjection() {
        String customerId = "upcast-" + UUID.randomUUID();
        String accountId = "account-" + customerId;
        storeRaw(accountId, 0, "payments.api.AccountOpened", null,
                "{\"customerId\":\"" + customerId + "\",\"currency\":\"THB\"}");
        storeRaw(accountId, 1, "payments.api.MoneyDeposited", null,
                "{\"customerId\":\"" + customerId + "\",\"amount\":100.00,\"currency\":\"THB\"}");
        storeRaw(accountId, 2, "payments.api.MoneyDeposited", "1",
                "{\"customerId\":\"" + customerId + "\",\"amount\":60.50,\"currency\":\"THB\"}");

        assertThat(withdraw(customerId, "160.51").getStatusCode()).as("more than the two old deposits")
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(withdraw(customerId, "150.00").getStatusCode()).isEqualTo(HttpStatus.OK);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ResponseEntity<Map> account = http.getForEntity("/api/accounts/" + customerId, Map.class);
            assertThat(account.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(account.getBody()).containsEntry("balance", 10.5).containsEntry("currency", "THB")
                    .containsEntry("version", 3);
        });
        List<Map<String, Object>> deposits = depositsOf(accountId);
        assertThat(deposits).hasSize(2).allSatisfy(data -> assertThat(data)
                .containsEntry("currencyCode", "THB").doesNotContainKey("currency"));
    }

    @Test
    void newDepositsAreStoredAtRevisionTwo() {
        String customerId = "revision-two-" + UUID.randomUUID();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        http.postForEntity("/api/accounts", new HttpEntity<>("{\"customerId\":\"" + customerId
                + "\",\"initialDeposit\":5}", headers), Map.class);

        Map<String, Object> row = jdbc.queryForMap("select payload_revision, payload from domain_event_entry"
                + " where aggregate_identifier = ? and payload_type = ?", "account-" + customerId,
                "payments.api.MoneyDeposited");
        assertThat(row.get("payload_revision")).isEqualTo("2");
        assertThat(new String((byte[]) row.get("payload"), StandardCharsets.UTF_8)).contains("\"currencyCode\":\"THB\"");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> depositsOf(String accountId) {
        List<Map<String, Object>> events = http.getForObject("/api/events?aggregateId=" + accountId, List.class);
        return events.stream().filter(event -> "MoneyDeposited".equals(event.get("eventType")))
                .map(event -> (Map<String, Object>) event.get("data")).toList();
    }

    private ResponseEntity<Map> withdraw(String customerId, String amount) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity("/api/accounts/" + customerId + "/withdrawals",
                new HttpEntity<>("{\"amount\": " + amount + "}", headers), Map.class);
    }

    /** The row as Axon's JPA storage engine writes it, global index from the store's own sequence. */
    private void storeRaw(String aggregateId, long sequence, String type, String revision, String payload) {
        Long globalIndex = jdbc.queryForObject("select nextval('domain_event_entry_seq')", Long.class);
        String metaData = "{\"correlationId\":\"upcast-test\",\"causationId\":\"upcast-test\",\"userId\":\"anonymous\","
                + "\"source\":\"payments\"}";
        jdbc.update("insert into domain_event_entry (global_index, event_identifier, meta_data, payload,"
                        + " payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                globalIndex, UUID.randomUUID().toString(), metaData.getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), revision, type, Instant.now().toString(), aggregateId,
                sequence, "Account");
    }
}
