package integration;

import java.lang.reflect.AccessibleObject;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Names of event types as the brokers carry them, and the event types there are. The events are the records of the
 * contexts' {@code api} packages that are named in the past tense and address no aggregate (commands carry a
 * {@code @TargetAggregateIdentifier}; queries and values are not past-tense).
 */
public final class EventTypes {

    static final String[] API_PACKAGES = {"orders.api", "payments.api", "inventory.api"};

    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    private final Set<String> simpleNames;

    private EventTypes(Set<String> simpleNames) {
        this.simpleNames = simpleNames;
    }

    /** Scans the contexts' api packages once. */
    public static EventTypes scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(Record.class));
        Set<String> names = new TreeSet<>();
        for (String apiPackage : API_PACKAGES) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(apiPackage)) {
                Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(),
                        EventTypes.class.getClassLoader());
                if (isEvent(type)) {
                    names.add(type.getSimpleName());
                }
            }
        }
        return new EventTypes(names);
    }

    static boolean isEvent(Class<?> type) {
        return type.isRecord() && type.getSimpleName().endsWith("ed")
                && Stream.concat(Arrays.stream(type.getDeclaredFields()), Arrays.stream(type.getDeclaredMethods()))
                .map(AccessibleObject.class::cast)
                .noneMatch(member -> member.isAnnotationPresent(TargetAggregateIdentifier.class));
    }

    /** {@code MoneyDeposited@2} for an event with a revision, {@code OrderCreated} for one without. */
    public static String nameOf(Class<?> payloadType) {
        String revision = REVISIONS.revisionOf(payloadType);
        return revision == null ? payloadType.getSimpleName() : payloadType.getSimpleName() + "@" + revision;
    }

    /** A name as an operator may write it, with or without the revision, reduced to the simple name. */
    public static String simpleNameOf(String eventType) {
        int at = eventType.indexOf('@');
        return at < 0 ? eventType : eventType.substring(0, at);
    }

    public boolean isKnown(String eventType) {
        return simpleNames.contains(simpleNameOf(eventType));
    }

    public Set<String> simpleNames() {
        return simpleNames;
    }
}
