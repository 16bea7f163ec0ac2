package app;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Requests of tests that cannot go through the injected {@code TestRestTemplate} (an application the test starts
 * itself, a stream read line by line): built here, so that what every request must carry is added in one place.
 */
public final class TestHttp {

    private TestHttp() {
    }

    public static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestUsers.operatorAuthorization());
    }

    public static HttpRequest.Builder postJson(int port, String path, String json) {
        return request(port, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }
}
