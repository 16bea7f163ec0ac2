package payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.StoredEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import app.IntegrationTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

@IntegrationTest
class AccountsIT {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    StoredEvents events;
    String customerId;

    @BeforeEach
    void setUp() {
        events = new StoredEvents(jdbc);
        customerId = "c-" + UUID.randomUUID();
    }

    private ResponseEntity<Map> post(String path, String json, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.postForEntity(path, new HttpEntity<>(json, headers), Map.class);
    }

    @Test
    void opensAccountAndKeepsItsMoneyInEvents() {
        ResponseEntity<Map> opened = post("/api/accounts",
                "{\"customerId\":\"" + customerId + "\",\"initialDeposit\":1000.50}", null);
        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(opened.getHeaders().getLocation()).hasToString("/api/accounts/" + customerId);

        assertThat(post("/api/accounts/" + customerId + "/deposits", "{\"amount\":9.50}", null).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(post("/api/accounts/" + customerId + "/withdrawals", "{\"amount\":10.00}", null)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(events.typesOfAggregate("account-" + customerId)).containsExactly(
                "payments.api.AccountOpened", "payments.api.MoneyDeposited", "payments.api.MoneyDeposited",
                "payments.api.MoneyWithdrawn");
    }

    @Test
    void refusesWithdrawalBeyondBalanceWith422() {
        post("/api/accounts", "{\"customerId\":\"" + customerId + "\",\"initialDeposit\":100}", null);

        ResponseEntity<Map> refused = post("/api/accounts/" + customerId + "/withdrawals", "{\"amount\":100.01}",
                null);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody()).containsEntry("title", "Insufficient funds").containsEntry("status", 422);
        assertThat(events.typesOfAggregate("account-" + customerId)).doesNotContain("payments.api.MoneyWithdrawn");
    }

    @Test
    void secondAccountForCustomerIsConflict() {
        post("/api/accounts", "{\"customerId\":\"" + customerId + "\"}", null);

        ResponseEntity<Map> again = post("/api/accounts", "{\"customerId\":\"" + customerId + "\"}", null);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(events.typesOfAggregate("account-" + customerId)).containsExactly("payments.api.AccountOpened");
    }

    @Test
    void depositWithCurrentVersionIsAcceptedAndStaleVersionIsConflict() {
        post("/api/accounts", "{\"customerId\":\"" + customerId + "\",\"initialDeposit\":10}", null);
        // AccountOpened is version 0, the initial deposit version 1

        assertThat(post("/api/accounts/" + customerId + "/deposits", "{\"amount\":1}", "\"1\"").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> stale = post("/api/accounts/" + customerId + "/deposits", "{\"amount\":1}", "\"1\"");

        assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(events.typesOfAggregate("account-" + customerId)).hasSize(3);
    }

    @Test
    void depositIntoMissingAccountIsNotFound() {
        ResponseEntity<Map> missing = post("/api/accounts/" + customerId + "/deposits", "{\"amount\":1}", null);

        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(events.typesOfAggregate("account-" + customerId)).isEqualTo(List.of());
    }
}
