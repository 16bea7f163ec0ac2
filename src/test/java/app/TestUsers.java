package app;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;

/**
 * The users of the tests (src/test/resources/config/application.yml) and the one place where a test's own HTTP
 * client (java.net.http, a socket, a browser) gets its credentials.
 */
public final class TestUsers {

    public static final String OPERATOR = "test-operator";
    public static final String OPERATOR_PASSWORD = "test-operator-secret";
    public static final String CUSTOMER_A = "test-customer-a";
    public static final String CUSTOMER_A_PASSWORD = "test-customer-a-secret";
    public static final String CUSTOMER_B = "test-customer-b";
    public static final String CUSTOMER_B_PASSWORD = "test-customer-b-secret";

    private TestUsers() {
    }

    /** The value of an {@code Authorization} header that logs in as the test operator. */
    public static String operatorAuthorization() {
        return basic(OPERATOR, OPERATOR_PASSWORD);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static TestRestTemplate asCustomerA(TestRestTemplate http) {
        return http.withBasicAuth(CUSTOMER_A, CUSTOMER_A_PASSWORD);
    }

    public static TestRestTemplate asCustomerB(TestRestTemplate http) {
        return http.withBasicAuth(CUSTOMER_B, CUSTOMER_B_PASSWORD);
    }

    /** The same server without credentials (the injected template logs in as the operator). */
    public static TestRestTemplate anonymous(TestRestTemplate http) {
        return new TestRestTemplate(new RestTemplateBuilder()
                .uriTemplateHandler(http.getRestTemplate().getUriTemplateHandler()));
    }
}
