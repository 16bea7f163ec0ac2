package app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import app.IntegrationTest;
import app.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The security rules match paths with Spring MVC's path-pattern parser, and no longer ask Spring MVC for each
 * request's handler first ({@link WithoutIntrospectorCache}). Every operation's rule is checked by
 * {@link EveryOperationIT}; these are the paths a matcher could read differently from the dispatcher.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PathRulesIT {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void theSecurityChainHasNoHandlerLookUpCache() {
        List<String> classes = new ArrayList<>();
        collectClasses(context.getBeanFactory().getBeanDefinition(WithoutIntrospectorCache.FILTER_CHAIN), classes);

        assertThat(classes).as("bean classes in the security filter chain's definition")
                .noneMatch(name -> name.contains("HandlerMappingIntrospector"))
                .anyMatch(name -> name.endsWith("FilterChainProxy"));
    }

    @Test
    void pathsThatLookAlikeAreStillOperatorsOnly(CapturedOutput log) {
        for (String path : List.of("/api/admin/processors/", "/api/admin//processors", "/api/admin/./processors",
                "/API/admin/processors", "/api/admin/processors;x=1", "/api/events/")) {
            int status = http.withBasicAuth(TestUsers.CUSTOMER_A, TestUsers.CUSTOMER_A_PASSWORD)
                    .getForEntity(path, String.class).getStatusCode().value();
            assertThat(status).as("a customer's GET %s", path).isIn(400, 403, 404);
            assertThat(status).as("a customer's GET %s is refused, not answered", path).isNotEqualTo(200);
        }
        int operator = http.withBasicAuth(TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD)
                .getForEntity("/api/admin/processors", String.class).getStatusCode().value();
        int customerOrder = http.withBasicAuth(TestUsers.CUSTOMER_A, TestUsers.CUSTOMER_A_PASSWORD)
                .getForEntity("/api/orders/no-such-order", String.class).getStatusCode().value();

        assertThat(operator).isEqualTo(200);
        assertThat(customerOrder).as("a customer may look an order up (and finds none)").isEqualTo(404);
        assertThat(log.getAll()).as("nothing asked Spring MVC for a handler outside the dispatcher")
                .doesNotContain("Cache miss for");
    }

    private static void collectClasses(Object value, List<String> classes) {
        if (value instanceof BeanDefinition definition) {
            classes.add(String.valueOf(definition.getBeanClassName()));
            definition.getConstructorArgumentValues().getIndexedArgumentValues().values()
                    .forEach(holder -> collectClasses(holder.getValue(), classes));
            definition.getConstructorArgumentValues().getGenericArgumentValues()
                    .forEach(holder -> collectClasses(holder.getValue(), classes));
        } else if (value instanceof List<?> list) {
            list.forEach(element -> collectClasses(element, classes));
        }
    }
}
