package query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import query.api.CustomerStats;
import query.api.GetCustomerStats;

@RestController
@Tag(name = "Customers")
class CustomerStatsController {

    private final QueryGateway queries;

    CustomerStatsController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/customers/{customerId}/stats")
    @Operation(summary = "How many orders a customer placed and what they spent (paid and not refunded)",
            description = "A customer without orders has zeros. " + ReadResponses.EVENTUALLY_CONSISTENT)
    @ApiResponse(responseCode = "200", description = "The customer's statistics")
    @ApiResponse(responseCode = "400", description = "Malformed customer id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    CustomerStats stats(
            @Parameter(example = "alice") @PathVariable @Pattern(regexp = ReadResponses.ID, message = ReadResponses.ID_MESSAGE) String customerId) {
        return queries.query(new GetCustomerStats(customerId), ResponseTypes.instanceOf(CustomerStats.class)).join();
    }
}
