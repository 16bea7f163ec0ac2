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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import query.api.AccountView;
import query.api.FindAccount;

@RestController
@RequestMapping("/api/accounts")
@Tag(name = "Accounts")
class AccountViewController {

    private final QueryGateway queries;

    AccountViewController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{customerId}")
    @Operation(summary = "A customer's account and balance",
            description = "The ETag is the account's version; send it back as If-Match on a deposit or a withdrawal. "
                    + ReadResponses.EVENTUALLY_CONSISTENT)
    @ApiResponse(responseCode = "200", description = "The account; ETag carries its version")
    @ApiResponse(responseCode = "400", description = "Malformed customer id",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such account (yet)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<AccountView> account(
            @Parameter(example = "alice") @PathVariable @Pattern(regexp = ReadResponses.ID, message = ReadResponses.ID_MESSAGE) String customerId) {
        AccountView account = queries.query(new FindAccount(customerId), ResponseTypes.optionalInstanceOf(AccountView.class))
                .join()
                .orElseThrow(() -> ReadResponses.notFound("account", customerId));
        return ResponseEntity.ok().eTag(Long.toString(account.version())).body(account);
    }
}
