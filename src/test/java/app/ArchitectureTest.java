package app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of system.md, in words: each rule fails the build when a class crosses one. */
class ArchitectureTest {

    static final List<String> CONTEXTS = List.of("orders", "payments", "inventory");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Kafka's test jar has packages named integration.kafka.* of its own
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("app", "orders", "payments", "inventory", "query", "integration");
    }

    @Test
    void contextsTalkOnlyThroughApi() {
        for (String context : CONTEXTS) {
            for (String other : CONTEXTS) {
                if (other.equals(context)) {
                    continue;
                }
                ArchRule rule = noClasses().that().resideInAPackage(context + "..")
                        .should().dependOnClassesThat(insideButOutsideApi(other))
                        .as(context + " uses " + other + " only through " + other + ".api");
                rule.check(production);
            }
        }
    }

    @Test
    void contextsKnowNothingOfTheReadSideInternals() {
        for (String context : CONTEXTS) {
            noClasses().that().resideInAPackage(context + "..")
                    .should().dependOnClassesThat(insideButOutsideApi("query"))
                    .as(context + " never reaches into query's projections")
                    .check(production);
        }
    }

    @Test
    void queryDependsOnlyOnApis() {
        for (String context : CONTEXTS) {
            noClasses().that().resideInAPackage("query..")
                    .should().dependOnClassesThat(insideButOutsideApi(context))
                    .as("query reads " + context + " only through " + context + ".api")
                    .check(production);
        }
    }

    @Test
    void apiHoldsOnlyRecords() {
        classes().that().resideInAPackage("..api")
                .and().areNotAnonymousClasses()
                .and().doNotHaveSimpleName("package-info")
                .should().beRecords().orShould().beEnums().orShould().beInterfaces()
                .as("api packages hold only messages: records (and the enums and interfaces they need)")
                .check(production);
    }

    @Test
    void apiDependsOnNoInternals() {
        noClasses().that().resideInAPackage("..api")
                .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("a class of eventshop outside an api") {
                    @Override
                    public boolean test(JavaClass target) {
                        String pkg = target.getPackageName();
                        return isEventshopPackage(pkg) && !pkg.endsWith(".api");
                    }
                })
                .as("api packages depend only on other api packages")
                .check(production);
    }

    @Test
    void contextsDependOnAppOnlyForHttpPlumbing() {
        noClasses().that().resideInAnyPackage("orders..", "payments..", "inventory..", "query..")
                .should().dependOnClassesThat().resideInAnyPackage("app", "app.axon..", "app.persistence..")
                .as("contexts use app only for its web helpers (app.web)")
                .check(production);
    }

    @Test
    void onlyAppSecurityKnowsSpringSecurity() {
        noClasses().that().resideOutsideOfPackage("app.security..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.security..")
                .as("authentication and access rules live in app.security alone")
                .check(production);
    }

    @Test
    void contextsAskOnlyWhoTheCallerIs() {
        noClasses().that().resideInAnyPackage("orders..", "payments..", "inventory..", "query..")
                .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("app.security other than Caller") {
                    @Override
                    public boolean test(JavaClass target) {
                        return target.getPackageName().equals("app.security")
                                && !target.getName().equals("app.security.Caller");
                    }
                })
                .as("contexts use app.security only through Caller, to check what only they can know")
                .check(production);
    }

    @Test
    void integrationUsesOnlyAppAndTheApis() {
        for (String part : List.of("orders", "payments", "inventory", "query")) {
            noClasses().that().resideInAPackage("integration..")
                    .should().dependOnClassesThat(insideButOutsideApi(part))
                    .as("integration reaches " + part + " only through " + part + ".api")
                    .check(production);
        }
    }

    @Test
    void nothingDependsOnIntegration() {
        noClasses().that().resideInAnyPackage("app..", "orders..", "payments..", "inventory..", "query..")
                .should().dependOnClassesThat().resideInAPackage("integration..")
                .as("the brokers are an edge: no context, no read model and no shared wiring knows of them")
                .check(production);
    }

    @Test
    void onlyTheApplicationKnowsHowInstancesShareTheWork() {
        noClasses().that().resideOutsideOfPackage("app..")
                .should().dependOnClassesThat().resideInAPackage("app.cluster..")
                .as("app.cluster only wires Axon; no context or read model uses it")
                .check(production);
    }

    /**
     * The console sits on top of everything (it reads through query's api), while the rest of app sits underneath;
     * so it is a part of its own here, which nothing below it may use.
     */
    @Test
    void topLevelPartsHaveNoCycles() {
        slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                        String pkg = javaClass.getPackageName();
                        if (pkg.equals("app.console") || pkg.startsWith("app.console.")) {
                            return SliceIdentifier.of("app.console");
                        }
                        int dot = pkg.indexOf('.');
                        return SliceIdentifier.of(dot < 0 ? pkg : pkg.substring(0, dot));
                    }

                    @Override
                    public String getDescription() {
                        return "top-level parts, with the console apart from the rest of app";
                    }
                })
                .should().beFreeOfCycles()
                .as("no cycles between app, the console, orders, payments, inventory, query and integration")
                .check(production);
    }

    @Test
    void nothingButRelaysUsesTheConsole() {
        noClasses().that().resideOutsideOfPackages("app.console..", "integration..")
                .should().dependOnClassesThat().resideInAPackage("app.console..")
                .as("the console is used by no one; relays (integration) only show themselves on it")
                .check(production);
    }

    @Test
    void theConsoleReadsTheShopOnlyThroughApisAndOperations() {
        for (String part : List.of("orders", "payments", "inventory", "query")) {
            noClasses().that().resideInAPackage("app.console..")
                    .should().dependOnClassesThat(insideButOutsideApi(part))
                    .as("the console reads " + part + " only through " + part + ".api")
                    .check(production);
        }
    }

    static DescribedPredicate<JavaClass> insideButOutsideApi(String context) {
        return new DescribedPredicate<>("classes of " + context + " outside " + context + ".api") {
            @Override
            public boolean test(JavaClass target) {
                String pkg = target.getPackageName();
                return (pkg.equals(context) || pkg.startsWith(context + "."))
                        && !(pkg.equals(context + ".api") || pkg.startsWith(context + ".api."));
            }
        };
    }

    static boolean isEventshopPackage(String pkg) {
        for (String part : List.of("app", "orders", "payments", "inventory", "query", "integration")) {
            if (pkg.equals(part) || pkg.startsWith(part + ".")) {
                return true;
            }
        }
        return false;
    }
}
