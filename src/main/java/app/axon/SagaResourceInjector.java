package app.axon;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.modelling.saga.ResourceInjector;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Gives a saga its Spring beans (its {@code @Autowired} fields, transient so that they are not serialized with it),
 * as Axon's {@code SpringResourceInjector} does, with the fields and their beans found once per saga class. Axon's
 * asks Spring to autowire every saga it creates or loads, which resolves each dependency again: 6 % of the saga
 * thread in a flight recording of the benchmark. A saga with an {@code @Autowired} method is refused when it is first
 * injected, so that nothing is silently left out.
 */
final class SagaResourceInjector implements ResourceInjector {

    private final BeanFactory beans;
    private final Map<Class<?>, List<Resource>> resources = new ConcurrentHashMap<>();

    SagaResourceInjector(BeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public void injectResources(Object saga) {
        for (Resource resource : resources.computeIfAbsent(saga.getClass(), this::resourcesOf)) {
            resource.injectInto(saga);
        }
    }

    private List<Resource> resourcesOf(Class<?> sagaType) {
        List<Resource> found = new ArrayList<>();
        for (Class<?> type = sagaType; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Autowired.class)) {
                    throw new IllegalStateException(sagaType.getName() + " asks for beans through a method ("
                            + method.getName() + "); sagas here take them in @Autowired fields");
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(Autowired.class)) {
                    Qualifier qualifier = field.getAnnotation(Qualifier.class);
                    Object bean = qualifier == null ? beans.getBean(field.getType())
                            : beans.getBean(qualifier.value(), field.getType());
                    field.setAccessible(true);
                    found.add(new Resource(field, bean));
                }
            }
        }
        return List.copyOf(found);
    }

    private record Resource(Field field, Object bean) {

        void injectInto(Object saga) {
            try {
                field.set(saga, bean);
            } catch (IllegalAccessException inaccessible) {
                throw new IllegalStateException("Cannot set " + field, inaccessible);
            }
        }
    }
}
