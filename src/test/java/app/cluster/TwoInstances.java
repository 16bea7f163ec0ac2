package app.cluster;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import app.EventshopApplication;
import app.PrivateTestSchema;
import orders.ShopClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the application on one database, as two JVMs behind a load balancer would run: on PostgreSQL one
 * schema shared on purpose, on the embedded database one named in-memory database that both open. Each has its own
 * node id, caches and HTTP port.
 */
final class TwoInstances implements AutoCloseable {

    static final String OPERATOR = "drill";
    static final String OPERATOR_PASSWORD = "drill-secret";

    final ConfigurableApplicationContext a;
    final ConfigurableApplicationContext b;

    private TwoInstances(ConfigurableApplicationContext a, ConfigurableApplicationContext b) {
        this.a = a;
        this.b = b;
    }

    static TwoInstances start(String... extraArgs) {
        String shared = "cluster_" + UUID.randomUUID().toString().replace("-", "");
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--eventshop.security.users." + OPERATOR + ".password={noop}" + OPERATOR_PASSWORD,
                "--eventshop.security.users." + OPERATOR + ".roles=OPERATOR"));
        if (onPostgres()) {
            args.add("--" + PrivateTestSchema.SCHEMA + "=" + shared);
        } else {
            args.add("--spring.datasource.url=jdbc:h2:mem:" + shared
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        }
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext a = start(args, "a");
        try {
            return new TwoInstances(a, start(args, "b"));
        } catch (RuntimeException failed) {
            a.close();
            throw failed;
        }
    }

    static boolean onPostgres() {
        return String.valueOf(System.getProperty("spring.profiles.active")).contains("postgres");
    }

    ShopClient shopOf(ConfigurableApplicationContext instance) {
        return new ShopClient(http(instance));
    }

    /** Every request of these tests goes through here, authenticated as an operator. */
    static TestRestTemplate http(ConfigurableApplicationContext instance) {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port)
                .basicAuthentication(OPERATOR, OPERATOR_PASSWORD));
    }

    /** The same credentials for a client other than {@link TestRestTemplate}. */
    static HttpRequest.Builder authenticated(HttpRequest.Builder request) {
        String basic = Base64.getEncoder().encodeToString(
                (OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return request.header("Authorization", "Basic " + basic);
    }

    private static ConfigurableApplicationContext start(List<String> args, String name) {
        List<String> own = new ArrayList<>(args);
        own.add("--eventshop.cluster.node-id=instance-" + name + "-" + UUID.randomUUID().toString().substring(0, 8));
        return new SpringApplicationBuilder(EventshopApplication.class).run(own.toArray(String[]::new));
    }

    @Override
    public void close() {
        try {
            b.close();
        } finally {
            a.close();
        }
    }
}
