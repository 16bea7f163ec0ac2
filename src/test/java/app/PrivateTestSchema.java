package app;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every application a test starts on PostgreSQL a schema of its own, as the embedded database gives each one a
 * database of its own. Spring keeps the applications of earlier test classes running; on one shared schema they would
 * share the same processors' segments and handle each other's events. Set
 * {@value #SCHEMA} to have two applications share one schema on purpose (a restart test).
 */
public class PrivateTestSchema implements EnvironmentPostProcessor {

    public static final String SCHEMA = "eventshop.test.schema";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || !url.startsWith("jdbc:postgresql:") || url.contains("currentSchema=")) {
            return;
        }
        String schema = environment.getProperty(SCHEMA, "test_" + UUID.randomUUID().toString().replace("-", ""));
        String privateUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        environment.getPropertySources().addFirst(new MapPropertySource("privateTestSchema", Map.of(
                "spring.datasource.url", privateUrl,
                "spring.flyway.schemas", schema,
                "spring.flyway.default-schema", schema)));
    }
}
