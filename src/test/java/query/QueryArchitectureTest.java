package query;

import app.security.Caller;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

@AnalyzeClasses(packages = "query", importOptions = ImportOption.DoNotIncludeTests.class)
class QueryArchitectureTest {

    @ArchTest
    static final ArchRule queryUsesOnlyApisAndFrameworks = classes().that().resideInAPackage("query..")
            .should().onlyDependOnClassesThat(resideInAnyPackage("query..", "orders.api..", "payments.api..",
                    "inventory.api..", "java..", "org.axonframework..", "org.springframework..", "jakarta..",
                    "io.swagger..", "com.fasterxml..", "reactor..",
                    // the order changes of other instances arrive as PostgreSQL notifications
                    "org.postgresql..", "org.slf4j..").or(equivalentTo(Caller.class)))
            .because("the read side knows the other contexts only by their api messages, and of app's wiring only"
                    + " who the caller is (to show customers only their own orders)");
}
