package query;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import query.api.FindOrder;
import query.api.OrderView;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns the {@link FindOrder} subscription query into a server-sent-event stream. Every way the stream can end
 * (final status, client gone, timeout, error) cancels the subscription, so no update handler outlives its client.
 */
@Component
class OrderUpdates {

    private final QueryGateway queries;
    private final RecentOrderViews recent;
    private final Duration timeout;
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    OrderUpdates(QueryGateway queries, RecentOrderViews recent,
                 @Value("${eventshop.query.updates-timeout:10m}") Duration timeout) {
        this.queries = queries;
        this.recent = recent;
        this.timeout = timeout;
    }

    /**
     * Streams the order's views while {@code visible} accepts them. The order must be projected within
     * {@code wait} and {@code visible} must accept it, or the answer is a 404 before the stream starts. That check
     * and the stream's first view come from one subscription and one look at the order.
     */
    SseEmitter follow(String orderId, Predicate<OrderView> visible, Duration wait) {
        if (closing) {
            SseEmitter emitter = new SseEmitter(timeout.toMillis());
            emitter.complete();
            return emitter;
        }
        SubscriptionQueryResult<Optional<OrderView>, OrderView> result = queries.subscriptionQuery(
                new FindOrder(orderId), ResponseTypes.optionalInstanceOf(OrderView.class),
                ResponseTypes.instanceOf(OrderView.class));
        // The subscription is registered before the initial look, so an update can repeat what the look saw. Axon's
        // updates take one subscriber; replayed, the views are looked at first here and then streamed from the first.
        // The look reads the order's row only when this instance does not know its view (RecentOrderViews).
        Mono<OrderView> look = recent.known(orderId)
                .map(Mono::justOrEmpty)
                .orElseGet(() -> result.initialResult().flatMap(Mono::justOrEmpty));
        Flux<OrderView> views = look
                .concatWith(result.updates())
                .replay()
                .autoConnect();
        Optional<OrderView> first;
        try {
            first = views.next().timeout(wait, Mono.empty()).blockOptional();
        } catch (RuntimeException failed) {
            result.cancel();
            throw failed;
        }
        if (first.filter(visible).isEmpty()) {
            result.cancel();
            throw ReadResponses.notFound("order", orderId);
        }
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        open.add(emitter);
        AtomicLong newest = new AtomicLong(-1);
        Disposable stream = views
                .takeWhile(visible)
                .filter(view -> newest.getAndAccumulate(view.version(), Math::max) < view.version())
                // Sending blocks on a slow client; that must not hold up the projection thread that emitted.
                .publishOn(Schedulers.boundedElastic())
                .takeUntil(view -> view.status().isFinal())
                // However the stream ends, by itself or disposed below, the update handler goes with it.
                .doFinally(signal -> result.cancel())
                .subscribe(view -> send(emitter, view), emitter::completeWithError, emitter::complete);
        emitter.onCompletion(() -> {
            open.remove(emitter);
            stream.dispose();
        });
        emitter.onError(error -> stream.dispose());
        emitter.onTimeout(emitter::complete);
        return emitter;
    }

    /**
     * An open stream is a request in progress: left open, it would hold up the web server's graceful shutdown for
     * its whole timeout while the rest of the application is taken down underneath it. This runs before any of
     * that stops; a client sees the stream end as it does at the timeout, and may follow the order again elsewhere.
     */
    @EventListener(ContextClosedEvent.class)
    void endOpenStreams() {
        closing = true;
        open.forEach(SseEmitter::complete);
    }

    private static void send(SseEmitter emitter, OrderView view) {
        try {
            emitter.send(SseEmitter.event().name("order").id(Long.toString(view.version()))
                    .data(view, MediaType.APPLICATION_JSON));
        } catch (IOException gone) {
            // The client left: ending the emitter ends the stream through its callbacks. Thrown instead, the failure
            // could arrive after those had already disposed the stream, and Reactor would log it as an error.
            emitter.completeWithError(gone);
        }
    }
}
