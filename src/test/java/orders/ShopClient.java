package orders;

import java.util.Map;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client of the shop sends over HTTP: accounts, products and orders. */
public record ShopClient(TestRestTemplate http) {

    public void openAccount(String customerId, String deposit) {
        ResponseEntity<Map> opened = post("/api/accounts",
                "{\"customerId\": \"" + customerId + "\", \"initialDeposit\": " + deposit + "}", null);
        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    public void addProduct(String productId, String price, int stock) {
        ResponseEntity<Map> added = post("/api/products", "{\"productId\": \"" + productId
                + "\", \"name\": \"" + productId + "\", \"price\": " + price + ", \"initialStock\": " + stock + "}",
                null);
        assertThat(added.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    public ResponseEntity<Map> placeOrder(String idempotencyKey, String body) {
        return post("/api/orders", body, idempotencyKey);
    }

    public static String orderIdOf(ResponseEntity<Map> placed) {
        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) placed.getBody().get("orderId");
    }

    public static String order(String customerId, String... lines) {
        return "{\"customerId\": \"" + customerId + "\", \"items\": [" + String.join(", ", lines) + "]}";
    }

    public static String line(String productId, int quantity) {
        return "{\"productId\": \"" + productId + "\", \"quantity\": " + quantity + "}";
    }

    public ResponseEntity<Map> post(String path, String json, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set(app.web.IdempotentCreates.HEADER, idempotencyKey);
        }
        return http.postForEntity(path, new HttpEntity<>(json, headers), Map.class);
    }
}
