package query;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import payments.api.OpenAccount;

import static org.assertj.core.api.Assertions.assertThat;

/** Through the real payments and inventory write side: what the command endpoints write, the reads show. */
class WriteThenReadIT extends AbstractReadSideIT {

    @Test
    void theAccountETagIsTheIfMatchADepositAccepts() {
        String customerId = id("customer");
        String correlationId = id("correlation");
        assertThat(post("/api/accounts", "{\"customerId\":\"" + customerId + "\",\"initialDeposit\":100.00}",
                null, correlationId).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<String> read = eventually().until(() -> http.getForEntity("/api/accounts/" + customerId,
                String.class), response -> response.getStatusCode() == HttpStatus.OK);
        String etag = read.getHeaders().getETag();
        assertThat(body(read).get("balance").decimalValue()).isEqualByComparingTo("100.00");

        assertThat(post("/api/accounts/" + customerId + "/deposits", "{\"amount\":50.25}", etag, null)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(post("/api/accounts/" + customerId + "/deposits", "{\"amount\":1.00}", etag, null)
                .getStatusCode()).as("the same ETag is stale now").isEqualTo(HttpStatus.CONFLICT);

        JsonNode account = eventually().until(() -> get("/api/accounts/" + customerId),
                found -> found.get("balance").decimalValue().compareTo(new java.math.BigDecimal("150.25")) == 0);
        assertThat(account.get("version").asLong()).isGreaterThan(Long.parseLong(etag.replace("\"", "")));

        JsonNode events = get("/api/events?aggregateId=" + OpenAccount.accountIdOf(customerId));
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
        assertThat(events.get(0).get("eventType").asText()).isEqualTo("AccountOpened");
        assertThat(events.get(0).get("metadata").get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(events.get(0).get("metadata").get("source").asText()).isEqualTo("payments");
        assertThat(get("/api/events?correlationId=" + correlationId)).extracting(event -> event.get("eventType")
                .asText()).containsExactlyElementsOf(List.of("AccountOpened", "MoneyDeposited"));
    }

    @Test
    void aProductShowsWhatCanStillBeOrderedAndItsVersion() {
        String productId = id("product");
        assertThat(post("/api/products", "{\"productId\":\"" + productId + "\",\"name\":\"Mortar\",\"price\":350.00,"
                + "\"initialStock\":4}", null, null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ResponseEntity<String> read = eventually().until(() -> http.getForEntity("/api/products/" + productId,
                String.class), response -> response.getStatusCode() == HttpStatus.OK);

        assertThat(post("/api/products/" + productId + "/restock", "{\"quantity\":6}", read.getHeaders().getETag(),
                null).getStatusCode()).isEqualTo(HttpStatus.OK);

        JsonNode product = eventually().until(() -> get("/api/products/" + productId),
                found -> found.get("available").asInt() == 10);
        assertThat(product.get("name").asText()).isEqualTo("Mortar");
        assertThat(product.get("price").decimalValue()).isEqualByComparingTo("350.00");
        assertThat(product.get("currency").asText()).isEqualTo("THB");
    }

    private ResponseEntity<String> post(String path, String json, String ifMatch, String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        if (correlationId != null) {
            headers.add("X-Correlation-Id", correlationId);
        }
        return http.postForEntity(path, new HttpEntity<>(json, headers), String.class);
    }
}
