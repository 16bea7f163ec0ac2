package query;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import app.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import query.api.FindCustomerOrders;
import query.api.FindOrder;
import query.api.GetOrderStats;
import query.api.OrderStats;
import query.api.OrderView;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders")
class OrderViewController {

    private static final String ORDER_ID = "the orderId that placing the order answered (also its Location)";

    private final QueryGateway queries;
    private final OrderUpdates updates;
    private final Duration maxWait;

    OrderViewController(QueryGateway queries, OrderUpdates updates,
                        @Value("${eventshop.query.max-read-wait:10s}") Duration maxWait) {
        this.queries = queries;
        this.updates = updates;
        this.maxWait = maxWait;
    }

    @GetMapping("/{orderId}")
    @Operation(summary = "One order with its lines, status, payment and status history",
            description = ReadResponses.EVENTUALLY_CONSISTENT + " To wait for a just-placed order instead, send"
                    + " `Prefer: wait=<seconds>` (RFC 7240): the answer comes as soon as the order is projected, or"
                    + " as 404 when the wait (at most the server's limit) is over.")
    @ApiResponse(responseCode = "200", description = "The order")
    @ApiResponse(responseCode = "400", description = "Malformed order id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such order (yet), or another customer's",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<OrderView> order(
            @Parameter(description = ORDER_ID) @PathVariable @Pattern(regexp = ReadResponses.ID, message = ReadResponses.ID_MESSAGE) String orderId,
            @Parameter(description = "`wait=2`: wait up to 2 seconds for the order to be projected", example = "wait=2")
            @RequestHeader(name = "Prefer", required = false) String prefer) {
        Duration wait = waitPreference(prefer);
        Caller caller = Caller.current();
        Optional<OrderView> order = (wait.isZero() ? find(orderId) : awaitOrder(orderId, wait))
                .filter(view -> caller.mayActFor(view.customerId()));
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (!wait.isZero()) {
            ok.header("Preference-Applied", "wait=" + wait.toSeconds());
        }
        return ok.body(order.orElseThrow(() -> ReadResponses.notFound("order", orderId)));
    }

    @GetMapping
    @Operation(summary = "A customer's orders, newest first", description = ReadResponses.EVENTUALLY_CONSISTENT)
    @ApiResponse(responseCode = "200", description = "Up to `limit` orders; none for an unknown customer")
    @ApiResponse(responseCode = "400", description = "Missing or malformed customer id, or limit outside 1..100",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    List<OrderView> customerOrders(
            @Parameter(example = "alice") @RequestParam @Pattern(regexp = ReadResponses.ID, message = ReadResponses.ID_MESSAGE) String customerId,
            @RequestParam(defaultValue = "" + FindCustomerOrders.DEFAULT_LIMIT) @Min(1)
            @Max(FindCustomerOrders.MAX_LIMIT) int limit) {
        return queries.query(new FindCustomerOrders(customerId, limit),
                ResponseTypes.multipleInstancesOf(OrderView.class)).join();
    }

    @GetMapping("/stats")
    @Operation(summary = "Number, revenue and average value of the orders that are CONFIRMED or COMPLETED",
            description = ReadResponses.EVENTUALLY_CONSISTENT)
    @ApiResponse(responseCode = "200", description = "The statistics")
    OrderStats stats() {
        return queries.query(new GetOrderStats(), ResponseTypes.instanceOf(OrderStats.class)).join();
    }

    @GetMapping(path = "/{orderId}/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow an order: server-sent events with the order view each time it changes",
            description = "Starts with the current view (if the order is projected yet), then sends each changed view"
                    + " as an `order` event whose id is the order's version; the stream ends once the order is"
                    + " COMPLETED or CANCELLED, or when the server's stream timeout passes. An order that was just"
                    + " placed is waited for (up to the server's read wait) before the answer is a 404.")
    @ApiResponse(responseCode = "200", description = "A text/event-stream of order views",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "Malformed order id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such order, or another customer's",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    void orderUpdates(
            @Parameter(description = ORDER_ID) @PathVariable @Pattern(regexp = ReadResponses.ID, message = ReadResponses.ID_MESSAGE) String orderId,
            HttpServletRequest request, HttpServletResponse response) {
        Caller caller = Caller.current();
        // Checked before the stream starts (once it has, its answer is a 200 whatever happens), on the same
        // subscription and read that give the stream its first view.
        updates.follow(orderId, view -> caller.mayActFor(view.customerId()), maxWait, request, response);
    }

    private Optional<OrderView> find(String orderId) {
        return queries.query(new FindOrder(orderId), ResponseTypes.optionalInstanceOf(OrderView.class)).join();
    }

    /** Subscribes before looking, so that an order projected between the look and the wait is not missed. */
    private Optional<OrderView> awaitOrder(String orderId, Duration wait) {
        SubscriptionQueryResult<Optional<OrderView>, OrderView> result = queries.subscriptionQuery(
                new FindOrder(orderId), ResponseTypes.optionalInstanceOf(OrderView.class),
                ResponseTypes.instanceOf(OrderView.class));
        try {
            return result.initialResult()
                    .flatMap(Mono::justOrEmpty)
                    .switchIfEmpty(result.updates().next())
                    .timeout(wait, Mono.empty())
                    .blockOptional();
        } finally {
            result.cancel();
        }
    }

    /** Malformed preferences are ignored, as RFC 7240 asks. */
    private Duration waitPreference(String prefer) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        for (String preference : prefer.split("[,;]")) {
            String[] pair = preference.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("wait") && pair[1].trim().matches("\\d{1,6}")) {
                Duration asked = Duration.ofSeconds(Long.parseLong(pair[1].trim()));
                return asked.compareTo(maxWait) > 0 ? maxWait : asked;
            }
        }
        return Duration.ZERO;
    }
}
