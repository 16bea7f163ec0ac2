package app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.IntegrationTest;
import orders.ShopClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Error answers say what the client did wrong in the client's terms, and what to send instead. */
@IntegrationTest
class ErrorAnswersIT {

    @Autowired
    TestRestTemplate http;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void truncatedJsonIsCalledInvalidJsonNotAWrongField() {
        ResponseEntity<Map> answer = post("/api/orders", "{\"customerId\": \"bob\", \"items\": [",
                MediaType.APPLICATION_JSON);

        assertProblem(answer, HttpStatus.BAD_REQUEST, "/problems/malformed-request");
        assertThat(detail(answer)).startsWith("The request body is not valid JSON: it ends before it is complete")
                .doesNotContain("Field");
    }

    @Test
    void aNumberSentAsAStringIsToldThatANumberIsExpected() {
        ResponseEntity<Map> answer = post("/api/accounts/anyone/deposits", "{\"amount\": \"12.50\"}",
                MediaType.APPLICATION_JSON);

        assertProblem(answer, HttpStatus.BAD_REQUEST, "/problems/malformed-request");
        assertThat(detail(answer)).isEqualTo("Field 'amount' must be a number, such as 12.50 (without quotes).");
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsToldToDeclareIt() {
        ResponseEntity<Map> answer = post("/api/accounts/anyone/deposits", "{\"amount\": 12.50}",
                MediaType.TEXT_PLAIN);

        assertProblem(answer, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "/problems/unsupported-media-type");
        assertThat(detail(answer)).contains("Content-Type: application/json").contains("text/plain");
    }

    @Test
    void aDepositToAnUnknownAccountNamesTheCustomerNotTheStream() {
        String ghost = "ghost-" + run;
        ResponseEntity<Map> answer = post("/api/accounts/" + ghost + "/deposits", "{\"amount\": 10}",
                MediaType.APPLICATION_JSON);

        assertProblem(answer, HttpStatus.NOT_FOUND, "/problems/not-found");
        assertThat(detail(answer)).isEqualTo("Customer " + ghost + " has no account; open one first"
                + " (POST /api/accounts).");
    }

    @Test
    void aRestockOfAnUnknownProductNamesTheProduct() {
        String ghost = "ghost-" + run;
        ResponseEntity<Map> answer = post("/api/products/" + ghost + "/restock", "{\"quantity\": 1}",
                MediaType.APPLICATION_JSON);

        assertProblem(answer, HttpStatus.NOT_FOUND, "/problems/not-found");
        assertThat(detail(answer)).startsWith("No product with id '" + ghost + "'");
    }

    @Test
    void anOrderForACustomerWithoutAnAccountIsRefusedAtOnceLikeAnUnknownProduct() {
        ShopClient shop = new ShopClient(http);
        String product = "p-" + run;
        shop.addProduct(product, "10.00", 5);
        String nobody = "nobody-" + run;

        ResponseEntity<Map> answer = shop.placeOrder(null, ShopClient.order(nobody, ShopClient.line(product, 1)));

        assertProblem(answer, HttpStatus.BAD_REQUEST, "/problems/no-account");
        assertThat(answer.getBody()).containsEntry("customerId", nobody);
        assertThat(detail(answer)).startsWith("Customer " + nobody + " has no account");
        assertThat(http.getForObject("/api/orders?customerId=" + nobody, List.class)).as("nothing was stored")
                .isEmpty();
        assertThat(http.getForObject("/api/events?aggregateId=account-" + nobody, List.class)).isEmpty();
    }

    @Test
    void theAuditTrailAcceptsTheIdsPeopleUse() {
        ShopClient shop = new ShopClient(http);
        String customer = "audited-" + run;
        String product = "audited-product-" + run;
        shop.openAccount(customer, "10.00");
        shop.addProduct(product, "1.00", 1);

        List<Map<String, Object>> account = http.getForObject("/api/events?aggregateId=" + customer, List.class);
        List<Map<String, Object>> stock = http.getForObject("/api/events?aggregateId=" + product, List.class);

        assertThat(account).extracting(event -> event.get("eventType"))
                .containsExactly("AccountOpened", "MoneyDeposited");
        assertThat(account).extracting(event -> event.get("aggregateId")).containsOnly("account-" + customer);
        assertThat(stock).extracting(event -> event.get("eventType")).containsExactly("ProductAdded");
        assertThat(http.getForObject("/api/events?aggregateId=account-" + customer, List.class)).isEqualTo(account);
    }

    @Test
    void aMissingQueryParameterIsAValidationProblemThatNamesIt() {
        ResponseEntity<Map> answer = http.getForEntity("/api/orders", Map.class);

        assertProblem(answer, HttpStatus.BAD_REQUEST, "/problems/validation");
        assertThat(detail(answer)).isEqualTo("Query parameter 'customerId' is required.");
        assertThat(answer.getBody().get("errors")).isEqualTo(
                List.of(Map.of("field", "customerId", "message", "is required")));
    }

    @Test
    void followingAnOrderThatDoesNotExistAnswers404AfterTheReadWait() {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_EVENT_STREAM));

        ResponseEntity<String> answer = http.exchange("/api/orders/no-such-order-" + run + "/updates",
                HttpMethod.GET, new HttpEntity<>(headers), String.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).contains("No order with id 'no-such-order-" + run + "'");
    }

    private ResponseEntity<Map> post(String path, String body, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        return http.postForEntity(path, new HttpEntity<>(body, headers), Map.class);
    }

    private static void assertProblem(ResponseEntity<Map> answer, HttpStatus status, String type) {
        assertThat(answer.getStatusCode()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).containsEntry("type", type);
    }

    private static String detail(ResponseEntity<Map> answer) {
        return (String) answer.getBody().get("detail");
    }
}
