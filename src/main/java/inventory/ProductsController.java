package inventory;

import java.math.BigDecimal;
import java.net.URI;

import app.web.IdempotentCreates;
import app.web.IfMatch;
import app.web.Problems;
import inventory.api.AddProduct;
import inventory.api.RestockProduct;
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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.IdentifierFactory;
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

/** The command side of the catalogue; reading products is the query part's. */
@RestController
@RequestMapping("/api/products")
@Tag(name = "Products")
class ProductsController {

    static final String ID = "^[A-Za-z0-9_-]{1,64}$";

    private final CommandGateway commands;
    private final IdempotentCreates creates;
    private final String currency;

    ProductsController(CommandGateway commands, IdempotentCreates creates,
                       @Value("${eventshop.currency:THB}") String currency) {
        this.commands = commands;
        this.creates = creates;
        this.currency = currency;
    }

    @Schema(description = "A new product; the id is made up when left out")
    record AddProductRequest(
            @Pattern(regexp = ID, message = "must be 1 to 64 letters, digits, '-' or '_'")
            @Schema(example = "keyboard-01") String productId,
            @NotBlank @Size(max = 200) @Schema(example = "Mechanical keyboard") String name,
            @NotNull @DecimalMin("0.01") @DecimalMax("1000000000.00") @Digits(integer = 10, fraction = 2)
            @Schema(example = "2490.00") BigDecimal price,
            @NotNull @Min(0) @Max(1_000_000_000) @Schema(example = "100") Integer initialStock) {
    }

    @Schema(description = "Units to add to the stock")
    record RestockRequest(@NotNull @Min(1) @Max(1_000_000_000) @Schema(example = "25") Integer quantity) {
    }

    @Schema(description = "The product was added")
    record Added(@Schema(example = "keyboard-01") String productId) {
    }

    @Schema(description = "The stock was raised")
    record Restocked(@Schema(example = "keyboard-01") String productId, @Schema(example = "25") int restocked) {
    }

    @PostMapping
    @Operation(summary = "Add a product", description = "Answers 201 with Location. Prices are in " +
            "the shop's currency and are what orders are charged at. With an Idempotency-Key, sending the same body " +
            "again answers the product it added (also one whose id was made up) and adds nothing; another body with " +
            "that key is a 409.")
    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "A product with this id exists", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Added> add(
            @Parameter(description = IdempotentCreates.HEADER_DESCRIPTION)
            @RequestHeader(value = IdempotentCreates.HEADER, required = false)
            @Pattern(regexp = IdempotentCreates.KEY_PATTERN, message = IdempotentCreates.KEY_MESSAGE)
            String idempotencyKey,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    value = "{\"productId\": \"keyboard-01\", \"name\": \"Mechanical keyboard\", \"price\": 2490.00, \"initialStock\": 100}")))
            @Valid @RequestBody AddProductRequest request) {
        String canonical = String.join("\n", String.valueOf(request.productId()), request.name(),
                request.price().stripTrailingZeros().toPlainString(), request.initialStock().toString());
        String productId = creates.create("products", idempotencyKey, canonical,
                () -> request.productId() != null
                        ? request.productId() : IdentifierFactory.getInstance().generateIdentifier(),
                id -> commands.sendAndWait(new AddProduct(id, request.name(), request.price(), currency,
                        request.initialStock())));
        return ResponseEntity.created(URI.create("/api/products/" + productId))
                .body(new Added(productId));
    }

    @PostMapping("/{productId}/restock")
    @Operation(summary = "Restock a product", description = "Send If-Match with the version of a read to refuse a stale change.")
    @ApiResponse(responseCode = "200", description = "Restocked")
    @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such product", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Stale If-Match version", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "Stock would overflow", content = @Content(mediaType = "application/problem+json"))
    Restocked restock(
            @Parameter(example = "keyboard-01") @PathVariable @Pattern(regexp = ID) String productId,
            @Parameter(description = "the product version a read returned (its ETag)")
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
            @ExampleObject(value = "{\"quantity\": 25}")))
            @Valid @RequestBody RestockRequest request) {
        commands.sendAndWait(new RestockProduct(productId, request.quantity(), IfMatch.version(ifMatch)));
        return new Restocked(productId, request.quantity());
    }

    /** The event store knows the product by its stream id; the client knows the product id it sent. */
    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail noSuchProduct(AggregateNotFoundException failure) {
        String productId = String.valueOf(failure.getAggregateIdentifier()).replaceFirst("^" + AddProduct.streamIdOf(""), "");
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "No such product",
                "No product with id '" + productId + "'; add it first (POST /api/products).");
    }

    @ExceptionHandler(InvalidProduct.class)
    ProblemDetail invalidProduct(InvalidProduct failure) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-product", "Rule violated", failure.getMessage());
    }
}
