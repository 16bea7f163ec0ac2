package app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port, on the database the build selects (embedded by default, PostgreSQL with
 * {@code -Ppostgres}). Tests that share this annotation and add nothing else share one running application. Metrics
 * are exported as in production (Spring Boot's tests switch that off by default), so that {@code /actuator/prometheus}
 * can be checked.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = EventshopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = IntegrationTest.DRILLS + "=true")
public @interface IntegrationTest {

    /**
     * Switches on the test-only projections of {@code app.operations} (a failing one, a counting one) in this shared
     * application only: applications of other tests on the same PostgreSQL database would handle the same events.
     */
    String DRILLS = "eventshop.test.operations-drills";
}
