package app.axon;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * The aggregate a command is for, as Axon's {@link AnnotationCommandTargetResolver} finds it (the method, else the
 * field, marked {@link TargetAggregateIdentifier}, and {@link TargetAggregateVersion} likewise, meta-annotations
 * included; the same answers and the same failures), but with the marked members looked up once per command type.
 * Axon's resolver lists every method of the command's class, its superclasses and interfaces, and reads each one's
 * annotations, for every command it resolves: a quarter of what the saga's thread allocated (benchmark/NOTES.md,
 * eleventh round).
 */
public final class CachedCommandTargetResolver implements CommandTargetResolver {

    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> commandType) {
            resolvedTypes.add(commandType);
            return new Target(member(commandType, TargetAggregateIdentifier.class),
                    member(commandType, TargetAggregateVersion.class));
        }
    };
    private final Set<Class<?>> resolvedTypes = ConcurrentHashMap.newKeySet();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Target target = targets.get(command.getPayloadType());
        Object payload = command.getPayload();
        Object identifier;
        Long version;
        try {
            identifier = target.identifier().read(payload);
            version = asLong(target.version().read(payload));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "An exception occurred while extracting aggregate information from a command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(
                    "The current security context does not allow extraction of aggregate information from the "
                            + "given command.", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException(String.format("Invalid command. It does not identify the target "
                    + "aggregate. Make sure at least one of the fields or methods in the [%s] class contains the "
                    + "@TargetAggregateIdentifier annotation and that it returns a non-null value.",
                    command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(identifier, version);
    }

    /** The command types whose members were looked up, once each. */
    Set<Class<?>> resolvedTypes() {
        return Set.copyOf(resolvedTypes);
    }

    private static Member member(Class<?> commandType, Class<? extends Annotation> annotation) {
        for (Method method : ReflectionUtils.methodsOf(commandType)) {
            if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                ReflectionUtils.ensureAccessible(method);
                return method::invoke;
            }
        }
        for (Field field : ReflectionUtils.fieldsOf(commandType)) {
            if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                ReflectionUtils.ensureAccessible(field);
                return field::get;
            }
        }
        return payload -> null;
    }

    private static Long asLong(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }

    private record Target(Member identifier, Member version) {
    }

    @FunctionalInterface
    private interface Member {
        Object read(Object payload) throws InvocationTargetException, IllegalAccessException;
    }
}
