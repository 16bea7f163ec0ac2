package orders;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import inventory.api.ReserveInventory;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Makes inventory misbehave for orders that contain a product marked here: either it never answers (the
 * ReserveInventory command is accepted and dropped before any handler sees it, as if the message were lost) or its
 * handler throws, inside the command's transaction, as a broken handler would.
 */
@TestConfiguration(proxyBeanMethods = false)
class StalledInventory {

    private static final Set<String> STALLED_PRODUCTS = ConcurrentHashMap.newKeySet();
    private static final Set<String> BROKEN_PRODUCTS = ConcurrentHashMap.newKeySet();

    static void stallReservationsOf(String productId) {
        STALLED_PRODUCTS.add(productId);
    }

    static void breakReservationsOf(String productId) {
        BROKEN_PRODUCTS.add(productId);
    }

    @Bean
    InitializingBean swallowStalledReservations(CommandBus commandBus) {
        MessageHandlerInterceptor<CommandMessage<?>> interceptor = (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof ReserveInventory reserve) {
                if (reserve.items().stream().anyMatch(line -> STALLED_PRODUCTS.contains(line.productId()))) {
                    return null;
                }
                if (reserve.items().stream().anyMatch(line -> BROKEN_PRODUCTS.contains(line.productId()))) {
                    throw new IllegalStateException("inventory is broken for order " + reserve.orderId());
                }
            }
            return chain.proceed();
        };
        return () -> commandBus.registerHandlerInterceptor(interceptor);
    }
}
