package payments;

import java.math.BigDecimal;
import java.net.URI;

import app.security.Caller;
import app.web.IdempotentCreates;
import app.web.IfMatch;
import app.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import payments.api.DepositMoney;
import payments.api.OpenAccount;
import payments.api.WithdrawMoney;

/** The command side of accounts; reading an account is the query part's. */
@RestController
@RequestMapping("/api/accounts")
@Tag(name = "Accounts")
class AccountsController {

    static final String ID = "^[A-Za-z0-9_-]{1,64}$";

    private final CommandGateway commands;
    private final IdempotentCreates creates;
    private final String currency;

    AccountsController(CommandGateway commands, IdempotentCreates creates,
                       @Value("${eventshop.currency:THB}") String currency) {
        this.commands = commands;
        this.creates = creates;
        this.currency = currency;
    }

    @Schema(description = "A new account for a customer")
    record OpenAccountRequest(
            @NotNull @Pattern(regexp = ID, message = "must be 1 to 64 letters, digits, '-' or '_'")
            @Schema(example = "alice") String customerId,
            @DecimalMin(value = "0.00") @DecimalMax("1000000000.00") @Digits(integer = 10, fraction = 2)
            @Schema(example = "10000.00", description = "optional; in the major unit of the currency")
            BigDecimal initialDeposit) {
    }

    @Schema(description = "An amount of money in the account's currency")
    record AmountRequest(
            @NotNull @DecimalMin(value = "0.01") @DecimalMax("1000000000.00") @Digits(integer = 10, fraction = 2)
            @Schema(example = "250.50") BigDecimal amount) {
    }

    @Schema(description = "The account was opened")
    record Opened(@Schema(example = "alice") String customerId, @Schema(example = "THB") String currency) {
    }

    @Schema(description = "The money was deposited")
    record Deposited(@Schema(example = "alice") String customerId, @Schema(example = "250.50") BigDecimal deposited) {
    }

    @Schema(description = "The money was withdrawn")
    record Withdrawn(@Schema(example = "alice") String customerId, @Schema(example = "100.00") BigDecimal withdrawn) {
    }

    @PostMapping
    @Operation(summary = "Open an account", description = "One account per customer; a customer opens only their own."
            + " Answers 201 with Location. With an Idempotency-Key, sending the same body again answers 201 again and opens nothing; another body with"
            + " that key is a 409.")
    @ApiResponse(responseCode = "201", description = "Opened")
    @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "The body names another customer", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "The customer already has an account", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Opened> open(
            @Parameter(description = IdempotentCreates.HEADER_DESCRIPTION)
            @RequestHeader(value = IdempotentCreates.HEADER, required = false)
            @Pattern(regexp = IdempotentCreates.KEY_PATTERN, message = IdempotentCreates.KEY_MESSAGE)
            String idempotencyKey,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(value = "{\"customerId\": \"alice\", \"initialDeposit\": 10000.00}")))
            @Valid @RequestBody OpenAccountRequest request) {
        Caller.current().requireMayActFor(request.customerId());
        BigDecimal deposit = request.initialDeposit();
        String canonical = request.customerId() + "\n" + (deposit == null ? "" : deposit.stripTrailingZeros().toPlainString());
        creates.create("accounts", idempotencyKey, canonical, request::customerId,
                customerId -> commands.sendAndWait(new OpenAccount(customerId, deposit, currency)));
        return ResponseEntity.created(URI.create("/api/accounts/" + request.customerId()))
                .body(new Opened(request.customerId(), currency));
    }

    @PostMapping("/{customerId}/deposits")
    @Operation(summary = "Deposit money", description = "Send If-Match with the version of a read to refuse a stale change.")
    @ApiResponse(responseCode = "200", description = "Deposited")
    @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Stale If-Match version", content = @Content(mediaType = "application/problem+json"))
    Deposited deposit(
            @Parameter(example = "alice") @PathVariable @Pattern(regexp = ID) String customerId,
            @Parameter(description = "the account version a read returned (its ETag)")
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(value = "{\"amount\": 250.50}")))
            @Valid @RequestBody AmountRequest request) {
        commands.sendAndWait(new DepositMoney(customerId, request.amount(), IfMatch.version(ifMatch)));
        return new Deposited(customerId, request.amount());
    }

    @PostMapping("/{customerId}/withdrawals")
    @Operation(summary = "Withdraw money", description = "Never below zero: 422 when funds are short.")
    @ApiResponse(responseCode = "200", description = "Withdrawn")
    @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such account", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Stale If-Match version", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "Insufficient funds", content = @Content(mediaType = "application/problem+json"))
    Withdrawn withdraw(
            @Parameter(example = "alice") @PathVariable @Pattern(regexp = ID) String customerId,
            @Parameter(description = "the account version a read returned (its ETag)")
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(value = "{\"amount\": 100.00}")))
            @Valid @RequestBody AmountRequest request) {
        commands.sendAndWait(new WithdrawMoney(customerId, request.amount(), IfMatch.version(ifMatch)));
        return new Withdrawn(customerId, request.amount());
    }

    @ExceptionHandler(AccountAlreadyOpened.class)
    ProblemDetail alreadyOpened(AccountAlreadyOpened failure) {
        return Problems.of(HttpStatus.CONFLICT, "account-exists", "Account already exists", failure.getMessage());
    }

    @ExceptionHandler(AccountNotFound.class)
    ProblemDetail notFound(AccountNotFound failure) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "No such account", failure.getMessage());
    }

    /** The event store knows the account by its stream id; the client knows the customer id it sent. */
    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail noSuchAccount(AggregateNotFoundException failure) {
        String customerId = String.valueOf(failure.getAggregateIdentifier()).replaceFirst("^" + OpenAccount.accountIdOf(""), "");
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "No such account",
                new AccountNotFound(customerId).getMessage());
    }

    @ExceptionHandler(InsufficientFunds.class)
    ProblemDetail insufficientFunds(InsufficientFunds failure) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "insufficient-funds", "Insufficient funds",
                failure.getMessage());
    }

    @ExceptionHandler(InvalidAmount.class)
    ProblemDetail invalidAmount(InvalidAmount failure) {
        return Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid amount", failure.getMessage());
    }

}
