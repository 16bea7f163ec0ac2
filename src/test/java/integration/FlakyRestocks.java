package integration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import inventory.api.RestockProduct;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * A failure that passes: the first {@link #FAILURES} restocks of a product whose id starts with {@code flaky-} fail
 * as if the database were away for a moment. Every attempt's time is kept, to show the waits between them. Added to
 * a test's application with {@code @Import} (not a component, so that scanning the package does not add it twice).
 */
public class FlakyRestocks implements InitializingBean, MessageHandlerInterceptor<CommandMessage<?>> {

    static final int FAILURES = 3;

    private final CommandBus commandBus;
    private final Map<String, List<Instant>> attempts = new ConcurrentHashMap<>();

    FlakyRestocks(CommandBus commandBus) {
        this.commandBus = commandBus;
    }

    @Override
    public void afterPropertiesSet() {
        commandBus.registerHandlerInterceptor(this);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        // the command bus may run a handler interceptor twice on one command (outer bus and local segment)
        boolean seen = unitOfWork.resources().putIfAbsent(FlakyRestocks.class.getName(), true) != null;
        if (!seen && unitOfWork.getMessage().getPayload() instanceof RestockProduct restock
                && restock.productId().startsWith("flaky-")) {
            List<Instant> tries = attempts.computeIfAbsent(restock.productId(), id -> new ArrayList<>());
            synchronized (tries) {
                tries.add(Instant.now());
                if (tries.size() <= FAILURES) {
                    throw new TransientDataAccessResourceException("database away for a moment (test)");
                }
            }
        }
        return chain.proceed();
    }

    List<Instant> attemptsOf(String productId) {
        List<Instant> tries = attempts.getOrDefault(productId, List.of());
        synchronized (tries) {
            return List.copyOf(tries);
        }
    }
}
