package app.axon;

import java.util.HashMap;
import java.util.Map;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * The metadata every message carries: {@code correlationId} (one id for everything one outside request caused),
 * {@code causationId} (the message that directly caused this one), {@code userId} (who asked) and, on events,
 * {@code source} (the context that published it).
 */
public final class MessageMetadata {

    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String USER_ID = "userId";
    public static final String SOURCE = "source";
    public static final String ANONYMOUS = "anonymous";

    private MessageMetadata() {
    }

    /** Copies the correlation and the user onto every message that handling {@code cause} produces. */
    static final class Propagation implements CorrelationDataProvider {

        @Override
        public Map<String, ?> correlationDataFor(Message<?> cause) {
            Map<String, Object> data = new HashMap<>(4);
            Object correlationId = cause.getMetaData().get(CORRELATION_ID);
            data.put(CORRELATION_ID, correlationId != null ? correlationId : cause.getIdentifier());
            data.put(CAUSATION_ID, cause.getIdentifier());
            Object userId = cause.getMetaData().get(USER_ID);
            data.put(USER_ID, userId != null ? userId : ANONYMOUS);
            return data;
        }
    }

    /**
     * The context that publishes an event is the one whose {@code api} package declares it: {@code payments.api.*}
     * comes from payments.
     */
    static String sourceOf(Class<?> payloadType) {
        String packageName = payloadType.getPackageName();
        int dot = packageName.indexOf('.');
        return dot < 0 ? packageName : packageName.substring(0, dot);
    }
}
