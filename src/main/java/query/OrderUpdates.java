package query;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import query.api.FindOrder;
import query.api.OrderView;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns the {@link FindOrder} subscription query into a server-sent-event stream. Every way the stream can end
 * (final status, client gone, timeout, error) cancels the subscription, so no update handler outlives its client.
 */
@Component
class OrderUpdates {

    private static final Logger log = LoggerFactory.getLogger(OrderUpdates.class);

    private final QueryGateway queries;
    private final RecentOrderViews recent;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    OrderUpdates(QueryGateway queries, RecentOrderViews recent, ObjectMapper json,
                 @Value("${eventshop.query.updates-timeout:10m}") Duration timeout) {
        this.queries = queries;
        this.recent = recent;
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * Streams the order's views while {@code visible} accepts them. The order must be projected within
     * {@code wait} and {@code visible} must accept it, or the answer is a 404 before the stream starts. That check
     * and the stream's first view come from one subscription and one look at the order.
     */
    void follow(String orderId, Predicate<OrderView> visible, Duration wait, HttpServletRequest request,
                HttpServletResponse response) {
        if (closing) {
            EventStream.start(request, response, timeout, json, ended -> { }).end();
            return;
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
        // However the stream ends (the final view sent, the client gone, the timeout, the shutdown), the update
        // handler goes with it: disposed, the views' subscription cancels it (doFinally below).
        Disposable.Swap subscription = Disposables.swap();
        EventStream events = EventStream.start(request, response, timeout, json, ended -> {
            open.remove(ended);
            subscription.dispose();
        });
        open.add(events);
        if (events.hasEnded()) {
            open.remove(events);
        }
        AtomicLong newest = new AtomicLong(-1);
        subscription.update(views
                .takeWhile(visible)
                .filter(view -> newest.getAndAccumulate(view.version(), Math::max) < view.version())
                // Sending blocks on a slow client; that must not hold up the projection thread that emitted.
                .publishOn(Schedulers.boundedElastic())
                .takeUntil(view -> view.status().isFinal())
                .doFinally(signal -> result.cancel())
                .subscribe(view -> events.send("order", Long.toString(view.version()), view),
                        failed -> {
                            log.warn("The updates stream of order {} failed", orderId, failed);
                            events.end();
                        },
                        events::end));
    }

    /**
     * An open stream is a request in progress: left open, it would hold up the web server's graceful shutdown for
     * its whole timeout while the rest of the application is taken down underneath it. This runs before any of
     * that stops; a client sees the stream end as it does at the timeout, and may follow the order again elsewhere.
     */
    @EventListener(ContextClosedEvent.class)
    void endOpenStreams() {
        closing = true;
        open.forEach(EventStream::end);
    }
}
