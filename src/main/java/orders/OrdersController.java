package orders;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.security.Caller;
import app.web.IdempotentCreates;
import app.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import orders.api.OrderStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The command side of orders: placing an order. Reading orders is the query part's. */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders")
class OrdersController {

    static final String ID = "^[A-Za-z0-9_-]{1,64}$";
    static final String ID_MESSAGE = "must be 1 to 64 letters, digits, '-' or '_'";

    private final OrderPlacement placement;

    OrdersController(OrderPlacement placement) {
        this.placement = placement;
    }

    @Schema(description = "An order: who buys, and how many of which products. Prices come from the catalogue.")
    record PlaceOrderRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) @Schema(example = "alice",
                    description = "optional: the customer id of the login when left out; a customer may name only "
                            + "their own") String customerId,
            @NotNull @Size(min = 1, max = Order.MAX_LINES) @Schema(description = "1 to 50 lines, one per product")
            List<@NotNull @Valid OrderItemRequest> items) {
    }

    @Schema(description = "One line of an order")
    record OrderItemRequest(
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) @Schema(example = "keyboard-01") String productId,
            @NotNull @Min(1) @Max(1_000_000) @Schema(example = "2") Integer quantity) {
    }

    @Schema(description = "The order was accepted; follow it at Location")
    record OrderAccepted(@Schema(example = "3f1c9a52-7a4e-4f57-9d0e-8f3c2b1a6d45") String orderId,
                         @Schema(example = "PENDING") OrderStatus status) {
    }

    @PostMapping
    @Operation(summary = "Place an order",
            description = "For the customer of the login when the body names none; a customer may order only for "
                    + "themselves (403 otherwise). "
                    + "Prices every line at the catalogue's current price (a price sent by a client is never "
                    + "used) and answers 202 at once; the order then goes to COMPLETED or CANCELLED. The customer "
                    + "needs an account and every product must be in the catalogue. A product may "
                    + "appear on one line only. With an Idempotency-Key, sending the same body again answers the "
                    + "same order and creates nothing; another body with that key is a 409.")
    @ApiResponse(responseCode = "202", description = "Accepted; Location is the order",
            content = @Content(schema = @Schema(implementation = OrderAccepted.class)))
    @ApiResponse(responseCode = "400", description = "Invalid request, a product on two lines, an unknown product, or"
            + " a customer without an account",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "The body names another customer",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Idempotency-Key already used for another request",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "The products cannot be ordered together",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<OrderAccepted> place(
            @Parameter(description = IdempotentCreates.HEADER_DESCRIPTION)
            @RequestHeader(value = IdempotentCreates.HEADER, required = false)
            @Pattern(regexp = IdempotentCreates.KEY_PATTERN, message = IdempotentCreates.KEY_MESSAGE)
            String idempotencyKey,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    value = "{\"customerId\": \"alice\", \"items\": [{\"productId\": \"keyboard-01\", "
                            + "\"quantity\": 2}]}")))
            @Valid @RequestBody PlaceOrderRequest request) {
        String customerId = buyer(request.customerId());
        rejectRepeatedProducts(request.items());
        List<OrderPlacement.Line> lines = request.items().stream()
                .map(item -> new OrderPlacement.Line(item.productId(), item.quantity()))
                .toList();
        String orderId = placement.place(customerId, lines, idempotencyKey);
        return ResponseEntity.accepted()
                .location(URI.create("/api/orders/" + orderId))
                .body(new OrderAccepted(orderId, OrderStatus.PENDING));
    }

    /** The customer the order is for: the one named, if the caller may act for them, or the caller themselves. */
    private static String buyer(String named) {
        Caller caller = Caller.current();
        if (named == null) {
            if (caller.customerId() == null) {
                throw new MissingCustomer();
            }
            return caller.customerId();
        }
        caller.requireMayActFor(named);
        return named;
    }

    static final class MissingCustomer extends RuntimeException {

        MissingCustomer() {
            super("customerId is required: this login is not a customer's.");
        }
    }

    @ExceptionHandler(MissingCustomer.class)
    ProblemDetail missingCustomer(MissingCustomer failure) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                failure.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", "customerId", "message", "must not be null")));
        return problem;
    }

    /** Rejected rather than merged: a client that sends one product twice has most likely made a mistake. */
    private static void rejectRepeatedProducts(List<OrderItemRequest> items) {
        Set<String> seen = new HashSet<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!seen.add(items.get(i).productId())) {
                errors.add(Map.of("field", "items[" + i + "].productId",
                        "message", "product " + items.get(i).productId() + " is already on an earlier line"));
            }
        }
        if (!errors.isEmpty()) {
            throw new RepeatedProducts(errors);
        }
    }

    static final class RepeatedProducts extends RuntimeException {

        private final transient List<Map<String, Object>> errors;

        RepeatedProducts(List<Map<String, Object>> errors) {
            super("A product may appear on one line only.");
            this.errors = errors;
        }
    }

    @ExceptionHandler(RepeatedProducts.class)
    ProblemDetail repeatedProducts(RepeatedProducts failure) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                failure.getMessage());
        problem.setProperty("errors", failure.errors);
        return problem;
    }

    @ExceptionHandler(UnknownProducts.class)
    ProblemDetail unknownProducts(UnknownProducts failure) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "unknown-product", "Unknown product",
                failure.getMessage());
        problem.setProperty("productIds", failure.productIds());
        return problem;
    }

    @ExceptionHandler(NoAccount.class)
    ProblemDetail noAccount(NoAccount failure) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "no-account", "No account", failure.getMessage());
        problem.setProperty("customerId", failure.customerId());
        return problem;
    }

    @ExceptionHandler(OrderRejected.class)
    ProblemDetail orderRejected(OrderRejected failure) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "order-rejected", "Rule violated", failure.getMessage());
    }
}
