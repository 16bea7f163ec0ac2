package app.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import app.IntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A projection handler that fails for one customer: that customer's deposits are parked in the dead-letter queue
 * while everyone else's are projected, the automatic retries back off until the letter is parked for good, and once
 * the cause is gone a retry through the admin endpoint drains the queue and the view is right.
 */
@IntegrationTest
class DeadLettersIT {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    DeadLetterSettings settings;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void failingAggregateIsParkedRetriedWithBackoffAndDrainedAfterTheFix() {
        String failing = "dlq-failing-" + run;
        String healthy = "dlq-healthy-" + run;
        DeadLetterDrill.failFor(failing);

        openAccount(failing, "100.00");
        openAccount(healthy, "50.00");
        deposit(failing, "10.00");
        deposit(healthy, "5.00");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(DeadLetterDrill.deposited(healthy)).isEqualByComparingTo("55.00");
            assertThat(letters("account-" + failing)).hasSize(2);
        });
        assertThat(DeadLetterDrill.deposited(failing)).as("nothing of the failing account is projected")
                .isEqualByComparingTo("0");
        JsonNode behind = letters("account-" + failing).get(1);
        assertThat(behind.get("tries").asInt()).as("queued behind the failed one, never tried").isZero();
        assertThat(behind.get("eventType").asText()).isEqualTo("MoneyDeposited");

        Map<Integer, JsonNode> seen = new TreeMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode head = head(failing);
            seen.putIfAbsent(head.get("tries").asInt(), head);
            return head.get("parked").asBoolean();
        });
        assertBackoffWasHonoured(seen);
        JsonNode parked = head(failing);
        assertThat(parked.get("tries").asInt()).isEqualTo(settings.maxTries());
        assertThat(parked.get("causeMessage").asText()).containsIgnoringCase("zero");
        assertThat(parked.has("nextAttempt")).as("no automatic try is due any more").isFalse();

        deposit(healthy, "1.00");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> DeadLetterDrill.deposited(healthy).compareTo(new BigDecimal("56.00")) == 0);
        assertThat(letters("account-" + failing)).as("still parked, never dropped").hasSize(2);

        DeadLetterDrill.recoverFor(failing);
        ResponseEntity<Map> retried = http.postForEntity("/api/admin/dead-letters/" + DeadLetterDrill.GROUP + "/retry",
                null, Map.class);

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retried.getBody()).containsEntry("drainedSequences", 1).containsEntry("remainingLetters", 0);
        assertThat(letters("account-" + failing)).isEmpty();
        assertThat(DeadLetterDrill.deposited(failing)).isEqualByComparingTo("110.00");

        deposit(failing, "1.00");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> DeadLetterDrill.deposited(failing).compareTo(new BigDecimal("111.00")) == 0);
    }

    @Test
    void anEvictedSequenceLeavesTheQueueAndUnknownOnesAre404() {
        String failing = "dlq-evicted-" + run;
        DeadLetterDrill.failFor(failing);
        openAccount(failing, "20.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> letters("account-" + failing).size() == 1);

        ResponseEntity<Void> evicted = http.exchange("/api/admin/dead-letters/" + DeadLetterDrill.GROUP
                + "/account-" + failing, HttpMethod.DELETE, null, Void.class);

        assertThat(evicted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(letters("account-" + failing)).isEmpty();
        ResponseEntity<Map> again = http.exchange("/api/admin/dead-letters/" + DeadLetterDrill.GROUP
                + "/account-" + failing, HttpMethod.DELETE, null, Map.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(http.postForEntity("/api/admin/dead-letters/no-such-group/retry", null, Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        DeadLetterDrill.recoverFor(failing);
    }

    @Test
    void everyProjectionGroupHasAnEmptyQueueToStartWith() {
        JsonNode groups = get("/api/admin/dead-letters");
        List<String> names = groups.findValuesAsText("group");
        assertThat(names).contains("order-summary", "customer-stats", "product-stock", "account-balance",
                "audit-correlation");
        for (JsonNode group : groups) {
            if (!group.get("group").asText().equals(DeadLetterDrill.GROUP)) {
                assertThat(group.get("letters").asLong()).as(group.get("group").asText()).isZero();
            }
        }
    }

    /**
     * From the states of the letter seen while it was retried: after try k it waited the initial backoff times
     * multiplier^(k-1), and try k+1 came no earlier than the next attempt that try k had set.
     */
    private void assertBackoffWasHonoured(Map<Integer, JsonNode> seen) {
        assertThat(seen.keySet()).as("tries seen while the letter was retried").contains(2, 3, settings.maxTries());
        seen.forEach((tries, letter) -> {
            if (tries < settings.maxTries()) {
                assertThat(letter.get("backoffMillis").asLong()).as("backoff after try " + tries)
                        .isEqualTo(settings.backoffAfter(tries - 1).toMillis());
                assertThat(Instant.parse(letter.get("nextAttempt").asText()))
                        .isAfterOrEqualTo(Instant.parse(letter.get("lastTry").asText()));
            }
            JsonNode next = seen.get(tries + 1);
            if (next != null && tries < settings.maxTries()) {
                assertThat(Instant.parse(next.get("lastTry").asText())).as("try " + (tries + 1) + " waited")
                        .isAfterOrEqualTo(Instant.parse(letter.get("nextAttempt").asText()));
            }
        });
    }

    private JsonNode head(String customerId) {
        List<JsonNode> letters = letters("account-" + customerId);
        return letters.isEmpty() ? json.createObjectNode() : letters.get(0);
    }

    private List<JsonNode> letters(String sequenceId) {
        for (JsonNode group : get("/api/admin/dead-letters")) {
            if (group.get("group").asText().equals(DeadLetterDrill.GROUP)) {
                for (JsonNode sequence : group.get("sequences")) {
                    if (sequence.get("sequenceId").asText().equals(sequenceId)) {
                        return toList(sequence.get("letters"));
                    }
                }
            }
        }
        return List.of();
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private JsonNode get(String path) {
        try {
            return json.readTree(http.getForEntity(path, String.class).getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void openAccount(String customerId, String deposit) {
        assertThat(post("/api/accounts", "{\"customerId\": \"" + customerId + "\", \"initialDeposit\": " + deposit
                + "}").getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    private void deposit(String customerId, String amount) {
        assertThat(post("/api/accounts/" + customerId + "/deposits", "{\"amount\": " + amount + "}")
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }
}
