package app.web;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import app.axon.MessageMetadata;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A command sent while serving an HTTP request carries that request's correlation id, its own id as causation
 * (nothing inside eventshop caused it) and the caller as user. Commands sent by sagas and handlers already carry
 * these, copied from the message they handle.
 */
@Component
class RequestMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            if (command.getMetaData().containsKey(MessageMetadata.CORRELATION_ID)
                    || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
                return command;
            }
            HttpServletRequest request = attributes.getRequest();
            Object correlationId = request.getAttribute(CorrelationFilter.ATTRIBUTE);
            Principal principal = request.getUserPrincipal();
            Map<String, Object> metadata = new HashMap<>(4);
            metadata.put(MessageMetadata.CORRELATION_ID, correlationId != null ? correlationId : command.getIdentifier());
            metadata.put(MessageMetadata.CAUSATION_ID, command.getIdentifier());
            metadata.put(MessageMetadata.USER_ID, principal != null ? principal.getName() : MessageMetadata.ANONYMOUS);
            return command.andMetaData(metadata);
        };
    }
}
