package query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

@AnalyzeClasses(packages = "query", importOptions = ImportOption.DoNotIncludeTests.class)
class QueryArchitectureTest {

    @ArchTest
    static final ArchRule queryDependsOnlyOnApis = classes().that().resideInAPackage("query..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("query..", "orders.api..", "payments.api..",
                    "inventory.api..", "java..", "org.axonframework..", "org.springframework..", "jakarta..",
                    "io.swagger..", "com.fasterxml..", "reactor..")
            .because("the read side knows the other contexts only by the messages of their api packages");

    @ArchTest
    static final ArchRule queryApiHoldsOnlyRecords = classes().that().resideInAPackage("query.api")
            .and().doNotHaveSimpleName("package-info")
            .should().beAssignableTo(Record.class)
            .because("query.api is the read side's public API: query messages and views, nothing else");
}
