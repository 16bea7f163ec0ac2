package query;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

import inventory.api.AddProduct;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import payments.api.OpenAccount;
import query.api.FindAggregateEvents;
import query.api.FindCorrelatedEvents;
import query.api.StoredEvent;

@RestController
@Tag(name = "Audit")
class AuditController {

    private final QueryGateway queries;

    AuditController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/events")
    @Operation(summary = "Stored events of one aggregate, or of one correlation id across aggregates",
            description = "Give exactly one of `aggregateId` (the aggregate's events, oldest first) or `correlationId`"
                    + " (every event caused by one outside request, such as an order's whole saga with its payment"
                    + " and inventory events, in the order they were stored). The events of an aggregate come"
                    + " straight from the event store; the correlation lookup goes through an index that follows the"
                    + " store a moment behind.")
    @ApiResponse(responseCode = "200", description = "The events, in the envelope {eventId, eventType, aggregateId,"
            + " version, timestamp, data, metadata}; empty when nothing matches. A customer id that is also a product"
            + " id lists the account's events, then the product's.")
    @ApiResponse(responseCode = "400", description = "Neither or both parameters, or a malformed one",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    List<StoredEvent> events(
            @Parameter(description = "An order id, a customer id or a product id (the event store keeps accounts as"
                    + " account-<customerId> and products as product-<productId>; both forms are accepted)",
                    example = "alice")
            @RequestParam(required = false) @Pattern(regexp = ReadResponses.ID, message = ReadResponses.ID_MESSAGE)
            String aggregateId,
            @Parameter(description = "The correlationId of the request that started it all (X-Correlation-Id)")
            @RequestParam(required = false) @Size(min = 1, max = 255) String correlationId) {
        if ((aggregateId == null) == (correlationId == null)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "Give exactly one of the parameters aggregateId and correlationId.");
            problem.setTitle("Invalid request");
            problem.setType(URI.create("/problems/validation"));
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        if (correlationId != null) {
            return find(new FindCorrelatedEvents(correlationId));
        }
        List<StoredEvent> events = find(new FindAggregateEvents(aggregateId));
        if (!events.isEmpty()) {
            return events;
        }
        // People know customers and products by their own ids, not by the streams they are stored under.
        List<StoredEvent> account = find(new FindAggregateEvents(OpenAccount.accountIdOf(aggregateId)));
        List<StoredEvent> product = find(new FindAggregateEvents(AddProduct.streamIdOf(aggregateId)));
        return Stream.concat(account.stream(), product.stream()).toList();
    }

    private List<StoredEvent> find(Object query) {
        return queries.query(query, ResponseTypes.multipleInstancesOf(StoredEvent.class)).join();
    }
}
