package app.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

/**
 * Takes Spring MVC's per-request handler look-up out of the security filter chain.
 * <p>
 * Spring Security 6 wraps its filter chain ({@code springSecurityFilterChain}) in a composite whose first filter,
 * {@code HandlerMappingIntrospector}'s cache filter, finds the Spring MVC handler of every request before security
 * runs, for request matchers that ask Spring MVC which pattern a request matches ({@code MvcRequestMatcher}). The
 * rules here match with {@code PathPatternRequestMatcher} (Spring Security 7's default, the parser Spring MVC's own
 * mappings use: {@link SecurityConfig#pathPatterns()}), so nothing reads that cache, and the look-up, done again by
 * the dispatcher right after, was about a twentieth of the request threads' CPU under load.
 * <p>
 * The wrapper is a bean definition that Spring Security registers under the filter chain's name, with the cache
 * filter and the real chain as its two constructor values; this puts the real chain back under that name. The
 * outer wrapper (the request path parsed once for the path-pattern matchers) stays. If the definitions do not have
 * that shape (another Spring Security version), nothing is changed and a warning says so.
 */
final class WithoutIntrospectorCache implements BeanFactoryPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(WithoutIntrospectorCache.class);

    static final String FILTER_CHAIN = "springSecurityFilterChain";
    private static final String MVC_WRAPPER =
            "org.springframework.security.config.annotation.web.configuration."
                    + "WebMvcSecurityConfiguration$CompositeFilterChainProxy";
    private static final String CACHE_FILTER = "$HandlerMappingIntrospectorCacheFilterFactoryBean";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        if (!(beanFactory instanceof BeanDefinitionRegistry registry)
                || !registry.containsBeanDefinition(FILTER_CHAIN)) {
            return;
        }
        BeanDefinition chain = registry.getBeanDefinition(FILTER_CHAIN);
        if (MVC_WRAPPER.equals(chain.getBeanClassName())) {
            BeanDefinition unwrapped = wrapped(chain);
            if (unwrapped != null) {
                registry.removeBeanDefinition(FILTER_CHAIN);
                registry.registerBeanDefinition(FILTER_CHAIN, unwrapped);
            }
            return;
        }
        // Spring Security's outer wrapper (the request path filter) may hold the Spring MVC one.
        List<Object> filters = filtersOf(chain);
        for (int i = 0; filters != null && i < filters.size(); i++) {
            if (filters.get(i) instanceof BeanDefinition inner && MVC_WRAPPER.equals(inner.getBeanClassName())) {
                BeanDefinition unwrapped = wrapped(inner);
                if (unwrapped != null) {
                    filters.set(i, unwrapped);
                }
                return;
            }
        }
        log.warn("Spring Security's filter chain has no handler-mapping cache wrapper where one was expected;"
                + " left as it is");
    }

    /** The real chain inside a Spring MVC wrapper whose other filter is the cache filter, or null. */
    private static BeanDefinition wrapped(BeanDefinition wrapper) {
        List<Object> filters = filtersOf(wrapper);
        if (filters != null && filters.size() == 2
                && filters.get(0) instanceof BeanDefinition cache
                && cache.getBeanClassName() != null && cache.getBeanClassName().endsWith(CACHE_FILTER)
                && filters.get(1) instanceof BeanDefinition real) {
            return real;
        }
        log.warn("Spring MVC's wrapper of the security filter chain is not the cache filter and the chain;"
                + " left as it is");
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> filtersOf(BeanDefinition wrapper) {
        ValueHolder argument = wrapper.getConstructorArgumentValues().getArgumentValue(0, List.class);
        if (argument == null) {
            argument = wrapper.getConstructorArgumentValues().getGenericArgumentValue(List.class);
        }
        return argument != null && argument.getValue() instanceof List<?> list ? (List<Object>) list : null;
    }
}
